namespace ClaimStatus.Scoring.Questions;

/// <summary>Scores related claims together: each claim's own words plus the words its related claims lend it (rules
/// Q1 to Q5), then the resolution steps that keep the invariants (R1 to R4). QUESTIONS.md states each rule. Pure.</summary>
public static class QuestionScorer
{
    /// <returns>One assessment per claim of <see cref="LinkedEvidence.Claims"/>, in that order. A claim in no question and
    /// no relation gets exactly <see cref="ClaimScorer.Score"/>'s assessment.</returns>
    public static IReadOnlyList<ClaimAssessment> Score(LinkedEvidence evidence, ScoringPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        var claims = evidence.Claims;
        if (claims.Count == 0) return [];
        var asOf = claims[0].AsOf;
        if (claims.Any(c => c.AsOf != asOf))
            throw new ArgumentException("Related claims are scored as of one time: every claim's AsOf must be the same.", nameof(evidence));
        var byId = new Dictionary<string, ClaimEvidence>(StringComparer.Ordinal);
        foreach (var c in claims)
        {
            if (!byId.TryAdd(c.ClaimId, c)) throw new ArgumentException($"Claim '{c.ClaimId}' is given twice.", nameof(evidence));
        }

        var graph = new ClaimGraph(evidence.Questions, evidence.Relations);
        // A source named only on a lender is looked up in the claims' dictionaries, the first that has it.
        var sources = new Dictionary<string, SourceProfile>(StringComparer.Ordinal);
        var tracks = new Dictionary<string, TrackRecord>(StringComparer.Ordinal);
        foreach (var c in claims)
        {
            foreach (var (id, p) in c.Sources) sources.TryAdd(id, p);
            foreach (var (id, t) in c.TrackRecords) tracks.TryAdd(id, t);
        }
        var lent = claims[0] with { Sources = sources, TrackRecords = tracks };

        var scored = new (ClaimAssessment Assessment, Verdict EvidenceVerdict)[claims.Count];
        for (var i = 0; i < claims.Count; i++)
        {
            var c = claims[i];
            // A claim in no question or relation has only its own words and looks up nothing elsewhere: as if alone.
            scored[i] = ClaimScorer.ScoreWords(c, WordsOf(c, graph, byId), policy, graph.IsLinked(c.ClaimId) ? lent : null);
        }
        return Resolver.Resolve(graph, claims, scored, policy);
    }

    /// <summary>A claim's own words, then those lent to it, in a fixed order (rivals by set, implicants, implied claims).</summary>
    internal static List<ClaimScorer.Word> WordsOf(ClaimEvidence claim, ClaimGraph graph, IReadOnlyDictionary<string, ClaimEvidence> byId)
    {
        var words = claim.Assertions.Select(a => new ClaimScorer.Word(a, null)).ToList();
        foreach (var s in graph.SetsOf(claim.ClaimId))
        {
            var set = graph.Sets[s];
            foreach (var rival in set.Members)
            {
                if (rival == claim.ClaimId || !byId.TryGetValue(rival, out var r)) continue;
                foreach (var a in r.Assertions)
                {
                    // Q1: for one answer is against every other. Q2, Q3: against one answer of a closed question is for the
                    // rest; with n answers the refutation's belief is shared evenly by the n - 1 others.
                    if (a.Stance == Stance.Supports) words.Add(new(a, new(rival, Lending.RivalSupports, Stance.Refutes, 1.0)));
                    else if (a.Stance == Stance.Refutes && set.Closed)
                    {
                        var others = set.Members.Count - 1;
                        words.Add(new(a, others == 1
                            ? new(rival, Lending.RivalRefutes, Stance.Supports, 1.0)
                            : new(rival, Lending.RivalRefutesSpread, Stance.Supports, 1.0 / others)));
                    }
                }
            }
        }
        // Q4, Q5: support flows down an implication, refutation up; nothing else does.
        foreach (var implicant in graph.Implicants(claim.ClaimId))
        {
            if (!byId.TryGetValue(implicant, out var x)) continue;
            foreach (var a in x.Assertions.Where(a => a.Stance == Stance.Supports))
                words.Add(new(a, new(implicant, Lending.ImplicantSupports, Stance.Supports, 1.0)));
        }
        foreach (var implied in graph.Implied(claim.ClaimId))
        {
            if (!byId.TryGetValue(implied, out var y)) continue;
            foreach (var a in y.Assertions.Where(a => a.Stance == Stance.Refutes))
                words.Add(new(a, new(implied, Lending.ImpliedRefutes, Stance.Refutes, 1.0)));
        }
        return words;
    }
}
