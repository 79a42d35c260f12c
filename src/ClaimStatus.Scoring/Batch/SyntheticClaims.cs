namespace ClaimStatus.Scoring.Batch;

/// <summary>Deterministic random evidence for agreement tests and benchmarks: sources with grades, groups
/// and records, and claims with every stance, hedge, relay, party and time mixed in.</summary>
public sealed class SyntheticClaims
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random;

    public IReadOnlyList<SourceProfile> Sources { get; }
    public IReadOnlyDictionary<string, TrackRecord> Tracks { get; }
    private readonly Dictionary<string, SourceProfile> _byId;
    private readonly int _partyGroups;

    public SyntheticClaims(int seed, int sources = 200, int groups = 40, int maxGroupsPerSource = 2)
    {
        _random = new Random(seed);
        _partyGroups = Math.Min(groups, 40);
        Sources = Enumerable.Range(0, sources).Select(i => new SourceProfile(
            $"s{i}", SourceKind.Other, (Grade)_random.Next(6),
            Enumerable.Range(0, _random.Next(maxGroupsPerSource + 1)).Select(_ => $"g{_random.Next(groups)}").Distinct().ToList())).ToList();
        Tracks = Sources.Where(_ => _random.Next(2) == 0).ToDictionary(s => s.Id, _ => new TrackRecord(
            _random.Next(10), _random.Next(10), _random.Next(5), _random.Next(5), _random.Next(5), _random.Next(5)));
        _byId = Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public ClaimEvidence Claim(int index, int assertions)
    {
        var list = new AssertionEvidence[assertions];
        for (var i = 0; i < assertions; i++)
        {
            var relay = _random.Next(8) == 0 ? Sources[_random.Next(Sources.Count)].Id : null;
            list[i] = new AssertionEvidence(index * 1000L + i, Sources[_random.Next(Sources.Count)].Id,
                (Stance)_random.Next(4), (Hedge)_random.Next(3), EvidenceKind.Other, Start.AddHours(_random.Next(240)), relay);
        }
        // A third of the claims name one or two parties (among the first groups, so that sources belong to them),
        // and each party is harmed by the claim half of the time: admissions, self-serving words and mixed sources.
        var parties = _random.Next(3) == 0
            ? Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => $"g{_random.Next(_partyGroups)}").Distinct().ToArray()
            : [];
        var harmed = parties.Where(_ => _random.Next(2) == 0).ToArray();
        var adjudication = _random.Next(10) == 0
            ? new AdjudicationEvidence(index, (Truth)_random.Next(2), Start.AddHours(_random.Next(300)), null) : null;
        return new ClaimEvidence($"c{index}", parties, list,
            _byId, Tracks, adjudication, Start.AddHours(_random.Next(50, 300)), harmed);
    }

    public IReadOnlyList<ClaimEvidence> Claims(int count, int minAssertions, int maxAssertions) =>
        Enumerable.Range(0, count).Select(i => Claim(i, _random.Next(minAssertions, maxAssertions + 1))).ToList();
}
