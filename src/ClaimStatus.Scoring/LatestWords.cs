namespace ClaimStatus.Scoring;

/// <summary>Rule 2, latest word wins, over a claim's own words and those it borrows from related claims.</summary>
/// <remarks>First, a source's latest word on each claim it spoke on (its own claim or a lender) is its candidate from
/// that claim. Then the latest candidate is the source's word here, and an earlier candidate stays only when it counts
/// the same way (both SUPPORTS or both REFUTES here): saying "not the Su-25" on day 1 and "the Buk" on day 5 are one
/// position, pooled in the source's cluster so only the stronger counts (rule 3); saying "the Su-25" on day 1 and "the
/// Buk" on day 5 is a change of mind, and the day-1 word is superseded. With no borrowed words there is one candidate per
/// source, its latest word, exactly as for a claim alone.</remarks>
internal static class LatestWords
{
    /// <returns>Per visible word, its index among the active words or -1; and for a superseded word the visible index
    /// of the word that superseded it (-1 for active ones).</returns>
    public static (int[] ActiveIndex, int[] SupersededBy) Select(IReadOnlyList<ClaimScorer.Word> visible, string claimId)
    {
        // A source's latest assertion per claim it spoke on.
        var latestPerOrigin = new Dictionary<(string Source, string Origin), int>();
        for (var v = 0; v < visible.Count; v++)
        {
            var w = visible[v];
            var key = (w.Assertion.SourceId, w.Origin(claimId));
            if (!latestPerOrigin.TryGetValue(key, out var seen) || ReliabilityLearner.IsLater(w.Assertion, visible[seen].Assertion)) latestPerOrigin[key] = v;
        }

        var head = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var v = 0; v < visible.Count; v++)
        {
            var w = visible[v];
            if (!IsCandidate(v)) continue;
            if (!head.TryGetValue(w.Assertion.SourceId, out var h) || ReliabilityLearner.IsLater(w.Assertion, visible[h].Assertion))
                head[w.Assertion.SourceId] = v;
        }

        var activeIndex = new int[visible.Count];
        var supersededBy = new int[visible.Count];
        var count = 0;
        for (var v = 0; v < visible.Count; v++)
        {
            var w = visible[v];
            var h = head[w.Assertion.SourceId];
            var stays = v == h || (IsCandidate(v) && SameWay(w.Effective.Stance, visible[h].Effective.Stance));
            activeIndex[v] = stays ? count++ : -1;
            supersededBy[v] = stays ? -1 : h;
        }
        return (activeIndex, supersededBy);

        // One assertion may be lent by two rules (a rival that also implies the claim): each lent word is a candidate.
        bool IsCandidate(int v)
        {
            var w = visible[v];
            var latest = latestPerOrigin[(w.Assertion.SourceId, w.Origin(claimId))];
            return latest == v || (w.Borrowed is not null && visible[latest].Assertion == w.Assertion);
        }
    }

    // CANNOT_CONFIRM and REPORTS are never lent and say nothing for or against, so they never pool with another word.
    private static bool SameWay(Stance a, Stance b) => a == b && a is Stance.Supports or Stance.Refutes;
}
