using ClaimStatus.Scoring.Questions;
using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests.Questions;

/// <summary>Builders for related claims, so that a case reads as questions, relations and who said what on which claim.</summary>
internal static class QuestionBuild
{
    /// <summary>Graded sources, each its own group unless named: p1 and p3 are in the group "ru", p2 in "ua"; g1 and g2 share
    /// the group "g", ungraded f1 and f2 the group "f"; r1 to r3 and u1, u2 are A sources each in its own group (ru1 ... ua2), for cases with parties.</summary>
    public static readonly SourceProfile[] Sources =
    [
        Source("a1", Grade.A), Source("a2", Grade.A), Source("a3", Grade.A),
        Source("b1", Grade.B), Source("b2", Grade.B), Source("b3", Grade.B),
        Source("g1", Grade.B, "g"), Source("g2", Grade.B, "g"), Source("f1", Grade.F, "f"), Source("f2", Grade.F, "f"),
        Source("p1", Grade.A, "ru"), Source("p2", Grade.A, "ua"), Source("p3", Grade.A, "ru"),
        Source("r1", Grade.A, "ru1"), Source("r2", Grade.A, "ru2"), Source("r3", Grade.A, "ru3"), Source("u1", Grade.A, "ua1"), Source("u2", Grade.A, "ua2"),
    ];

    public static Question Open(string id, params string[] alternatives) => new(id, Closed: false, alternatives);

    public static Question Closed(string id, params string[] alternatives) => new(id, Closed: true, alternatives);

    public static ClaimRelation Implies(string from, string to) => new(from, RelationKind.Implies, to);

    public static ClaimRelation Negates(string a, string b) => new(a, RelationKind.Negates, b);

    private static long _nextId = 1;

    /// <summary>A word on a claim: (claim, source, stance, day).</summary>
    public static (string Claim, AssertionEvidence Say) On(string claim, string source, Stance stance, double day = 1, Hedge hedge = Hedge.Certain) =>
        (claim, Say(Interlocked.Increment(ref _nextId), source, stance, hedge, day));

    /// <summary>Claim facts beyond its words: parties and an adjudication.</summary>
    public sealed record ClaimFacts(string Id, string[]? Parties = null, Truth? Adjudicated = null, double DecidedDay = 10);

    public static LinkedEvidence Linked(
        IEnumerable<string> claims, IReadOnlyList<Question> questions, IReadOnlyList<ClaimRelation> relations,
        IEnumerable<(string Claim, AssertionEvidence Say)> words, double asOfDay = 30, IEnumerable<ClaimFacts>? facts = null,
        IReadOnlyDictionary<string, TrackRecord>? tracks = null)
    {
        var byClaim = words.ToLookup(w => w.Claim, w => w.Say);
        var factsOf = (facts ?? []).ToDictionary(f => f.Id);
        var evidence = claims.Select(id =>
        {
            var f = factsOf.GetValueOrDefault(id) ?? new ClaimFacts(id);
            var adjudication = f.Adjudicated is { } t ? new AdjudicationEvidence(1, t, Day(f.DecidedDay), null) : null;
            return Claim(Sources, byClaim[id], f.Parties, tracks, adjudication, asOfDay) with { ClaimId = id };
        }).ToList();
        return new(evidence, questions, relations);
    }

    public static Dictionary<string, ClaimAssessment> ScoreAll(LinkedEvidence evidence) =>
        QuestionScorer.Score(evidence, ScoringPolicy.Default).ToDictionary(a => a.ClaimId);
}
