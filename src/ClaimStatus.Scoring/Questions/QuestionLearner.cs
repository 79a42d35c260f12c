namespace ClaimStatus.Scoring.Questions;

/// <summary>What a source learns from the claim it spoke on, once that claim's truth is known: from its own adjudication
/// or from a related claim's (R1). Storage keeps one row per (ClaimId, SourceId), as it keeps today's credits.</summary>
/// <param name="ClaimId">The claim the source spoke on.</param>
/// <param name="DecidedAt">When the claim's truth became known: the decision of the adjudication that settled it.</param>
/// <param name="SettledBy">The adjudicated claim whose decision settled it (the claim itself when adjudicated first).</param>
public sealed record Lesson(string ClaimId, string SourceId, TrackRecord Credit, DateTimeOffset DecidedAt, string SettledBy);

/// <summary>Learned reliability across related claims: a source that backed an alternative later shown false, by its own
/// adjudication or by a rival's (or through an implication), earns a wrong record, exactly as
/// <see cref="ReliabilityLearner.Credit"/> credits it for the claim alone.</summary>
public static class QuestionLearner
{
    /// <summary>The lessons of one linked group: each claim whose truth the adjudications settle credits its sources'
    /// latest words said by the time it was settled, once, whichever adjudications settle it.</summary>
    /// <param name="adjudications">The group's adjudications (claim id, verdict); they need not be sorted.</param>
    /// <param name="assertionsOf">The assertions said on a claim.</param>
    public static IReadOnlyList<Lesson> Lessons(
        ClaimGraph graph, IEnumerable<(string ClaimId, AdjudicationEvidence Adjudication)> adjudications,
        Func<string, IEnumerable<AssertionEvidence>> assertionsOf)
    {
        var ordered = adjudications.OrderBy(a => a.Adjudication.DecidedAt).ThenBy(a => a.ClaimId, StringComparer.Ordinal).ToList();
        // A claim is settled at the decision whose arrival first makes its truth follow: replay the decisions in order.
        var settled = new Dictionary<string, (DerivedTruth Truth, DateTimeOffset At)>(StringComparer.Ordinal);
        for (var k = 1; k <= ordered.Count; k++)
        {
            var at = ordered[k - 1].Adjudication.DecidedAt;
            foreach (var (claim, truth) in Consequences.Of(graph, ordered.Take(k).Select(a => (a.ClaimId, a.Adjudication.Truth))))
                settled.TryAdd(claim, (truth, at));
        }
        var lessons = new List<Lesson>();
        foreach (var (claim, (truth, at)) in settled.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var (source, credit) in ReliabilityLearner.Credit(assertionsOf(claim), truth.Truth, at))
                lessons.Add(new(claim, source, credit, at, truth.Root));
        }
        return lessons;
    }

    /// <summary>The claims whose lessons a score of <paramref name="claimId"/> must leave out (rule 8): its whole linked
    /// group. A rival's TRUE says this claim is FALSE, so learning from it would teach the score its own answer.</summary>
    public static IReadOnlyList<string> LeaveOut(ClaimGraph graph, string claimId) => graph.Component(claimId);

    /// <summary>Per source, the sum of lessons decided strictly before <paramref name="asOf"/> on claims not left out: the
    /// track records a score as of that time may use (what storage sums in SQL).</summary>
    public static Dictionary<string, TrackRecord> TrackRecordsAsOf(IEnumerable<Lesson> lessons, DateTimeOffset asOf, IReadOnlyCollection<string> leaveOut)
    {
        var skip = new HashSet<string>(leaveOut, StringComparer.Ordinal);
        var records = new Dictionary<string, TrackRecord>(StringComparer.Ordinal);
        foreach (var l in lessons)
        {
            if (l.DecidedAt >= asOf || skip.Contains(l.ClaimId)) continue;
            records[l.SourceId] = records.GetValueOrDefault(l.SourceId) + l.Credit;
        }
        return records;
    }
}
