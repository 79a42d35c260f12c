namespace ClaimStatus.Scoring.Tests;

/// <summary>Terse builders so that test tables read as evidence, not as plumbing.</summary>
internal static class Build
{
    public static readonly DateTimeOffset Day0 = new(2024, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Day(double day) => Day0.AddDays(day);

    public static SourceProfile Source(string id, Grade grade, params string[] groups) =>
        new(id, SourceKind.Other, grade, groups);

    public static AssertionEvidence Say(
        long id, string source, Stance stance, Hedge hedge = Hedge.Certain, double day = 1, string? via = null) =>
        new(id, source, stance, hedge, EvidenceKind.Other, Day(day), via);

    public static ClaimEvidence Claim(
        IEnumerable<SourceProfile> sources,
        IEnumerable<AssertionEvidence> assertions,
        string[]? parties = null,
        IReadOnlyDictionary<string, TrackRecord>? tracks = null,
        AdjudicationEvidence? adjudication = null,
        double asOfDay = 30,
        string[]? harmed = null) =>
        new("claim", parties ?? [], assertions.ToList(), sources.ToDictionary(s => s.Id, StringComparer.Ordinal),
            tracks ?? new Dictionary<string, TrackRecord>(), adjudication, Day(asOfDay), harmed);

    /// <summary>n supports by n ungraded independent outlets, ids starting at firstId.</summary>
    public static IEnumerable<AssertionEvidence> Supporters(int n, int firstId = 100) =>
        Enumerable.Range(0, n).Select(i => Say(firstId + i, $"outlet{i}", Stance.Supports));

    public static IEnumerable<SourceProfile> Outlets(int n) =>
        Enumerable.Range(0, n).Select(i => Source($"outlet{i}", Grade.F));

    public static TrackRecord Refuter(int right, int wrong) => new(0, 0, right, wrong, 0, 0);

    public static ClaimAssessment Score(ClaimEvidence evidence) => ClaimScorer.Score(evidence, ScoringPolicy.Default);
}
