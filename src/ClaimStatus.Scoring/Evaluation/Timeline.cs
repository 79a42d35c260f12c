namespace ClaimStatus.Scoring.Evaluation;

/// <summary>Replays a scenario the way the service sees it: the evidence of a claim as of a time, with
/// track records learned per rule 8 (only adjudications of other claims decided strictly before the
/// time, each source credited by <see cref="ReliabilityLearner.Credit"/>). Withheld claims' adjudications
/// are treated as unknown, which is how cross-validation hides a fold.</summary>
public sealed class Timeline
{
    private readonly Dictionary<string, ScenarioClaim> _claims;
    private readonly Dictionary<string, SourceProfile> _sources;
    private readonly ILookup<string, AssertionEvidence> _assertions;
    private readonly ILookup<string, AdjudicationEvidence> _adjudications;
    private readonly List<(string ClaimId, DateTimeOffset DecidedAt, IReadOnlyList<(string SourceId, TrackRecord Credit)> Credits)> _lessons;

    public Timeline(Scenario scenario, IReadOnlySet<string>? withheld = null)
    {
        _claims = scenario.Claims.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _sources = scenario.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _assertions = scenario.Assertions.ToLookup(a => a.ClaimId, a => a.Assertion, StringComparer.Ordinal);
        _adjudications = scenario.Adjudications
            .Where(a => withheld is null || !withheld.Contains(a.ClaimId))
            .ToLookup(a => a.ClaimId, a => a.Adjudication, StringComparer.Ordinal);
        _lessons = scenario.Adjudications
            .Where(a => withheld is null || !withheld.Contains(a.ClaimId))
            .Select(a => (a.ClaimId, a.Adjudication.DecidedAt,
                ReliabilityLearner.Credit(_assertions[a.ClaimId], a.Adjudication.Truth, a.Adjudication.DecidedAt)))
            .ToList();
    }

    /// <summary>Per source, the sum of credits from adjudications of claims other than
    /// <paramref name="claimId"/> decided strictly before <paramref name="asOf"/>.</summary>
    public Dictionary<string, TrackRecord> TrackRecordsAsOf(string claimId, DateTimeOffset asOf)
    {
        var records = new Dictionary<string, TrackRecord>(StringComparer.Ordinal);
        foreach (var (claim, decidedAt, credits) in _lessons)
        {
            if (decidedAt >= asOf || string.Equals(claim, claimId, StringComparison.Ordinal)) continue;
            foreach (var (sourceId, credit) in credits) records[sourceId] = records.GetValueOrDefault(sourceId) + credit;
        }
        return records;
    }

    public ClaimEvidence EvidenceAsOf(string claimId, DateTimeOffset asOf)
    {
        var claim = _claims[claimId];
        var adjudication = _adjudications[claimId].Where(a => a.DecidedAt <= asOf).MaxBy(a => a.DecidedAt);
        return new ClaimEvidence(claimId, claim.Parties, _assertions[claimId].ToList(), _sources,
            TrackRecordsAsOf(claimId, asOf), adjudication, asOf, claim.HarmedParties);
    }
}
