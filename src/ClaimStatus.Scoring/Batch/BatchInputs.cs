namespace ClaimStatus.Scoring.Batch;

/// <summary>One assertion in columnar form: sources and relays as indexes, time as ticks (UTC).</summary>
/// <param name="Via">The relay's dependence key (<see cref="BatchSources.RelayKey"/>), or -1.</param>
public readonly record struct BatchAssertion(long Id, int Source, Stance Stance, Hedge Hedge, long ObservedTicks, int Via);

/// <summary>What the batch path returns per claim: the same numbers as <see cref="ClaimScorer.Score"/>.</summary>
public readonly record struct BatchResult(
    Verdict Verdict, double Probability, double Belief, double Disbelief, double Uncertainty, int SupportingGroups, int RefutingGroups);

/// <summary>Every source once: its trust per stance precomputed under one policy and one set of track
/// records, and its dependence keys (its groups, then itself) as small integers.</summary>
public sealed class BatchSources
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);

    public double[] SupportsTrust { get; }
    /// <summary>Per source: it is ungraded (F), so a claim whose every active word is such gets the calibrated probability.</summary>
    public bool[] Ungraded { get; }
    public double[] RefutesTrust { get; }
    /// <summary>Per source, stance and hedge (<see cref="Cell"/>), for a neutral (not interested) source: the
    /// belief evidence of a SUPPORTS, the disbelief evidence of a REFUTES, the share of belief a
    /// CANNOT_CONFIRM holds back, the learned doubt evidence of a REPORTS. One array, so a lookup costs one cache line.</summary>
    public double[] CellWeight { get; }

    /// <summary>The same cells for a source speaking as an interested party of the claim (rule 7).</summary>
    public double[] InterestedCellWeight { get; }

    /// <summary>The same cells for a source whose parties the claim would all harm: its SUPPORTS is an admission
    /// against interest; its other words are self-serving, as in <see cref="InterestedCellWeight"/>.</summary>
    public double[] AdmissionCellWeight { get; }

    public static int Cell(int source, Stance stance, Hedge hedge) => 12 * source + 3 * (int)stance + (int)hedge;

    /// <summary>Per source, its dependence keys in a fixed shape, so that the scorer can look for shared keys
    /// without a loop per source (see <see cref="SourceKeys"/>).</summary>
    public SourceKeys[] KeyBlocks { get; }
    /// <summary>Keys of source i are Keys[KeyStart[i]..KeyStart[i + 1]].</summary>
    public int[] KeyStart { get; }
    public int[] Keys { get; }
    /// <summary>How many group keys there are: keys below this are groups, so parties can be matched.</summary>
    public int GroupKeyCount { get; }
    public int KeyCount => _keys.Count;
    public int Count => SupportsTrust.Length;

    public BatchSources(IReadOnlyList<SourceProfile> sources, IReadOnlyDictionary<string, TrackRecord> tracks, ScoringPolicy policy)
    {
        foreach (var g in sources.SelectMany(s => s.Groups)) _keys.TryAdd("g:" + g, _keys.Count);
        GroupKeyCount = _keys.Count;
        SupportsTrust = new double[sources.Count];
        RefutesTrust = new double[sources.Count];
        Ungraded = sources.Select(s => s.Grade == Grade.F).ToArray();
        KeyStart = new int[sources.Count + 1];
        CellWeight = new double[sources.Count * 12];
        InterestedCellWeight = new double[sources.Count * 12];
        AdmissionCellWeight = new double[sources.Count * 12];
        KeyBlocks = new SourceKeys[sources.Count];
        var keys = new List<int>();
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            _index.Add(s.Id, i);
            var trust = ReliabilityLearner.Trust(s.Grade, tracks.GetValueOrDefault(s.Id), policy);
            (SupportsTrust[i], RefutesTrust[i]) = (trust.Supports, trust.Refutes);
            foreach (var hedge in (Hedge[])[Hedge.Certain, Hedge.Probable, Hedge.Possible])
            {
                CellWeight[Cell(i, Stance.Supports, hedge)] = SupportEvidenceOf(trust.Supports, hedge, false, policy);
                CellWeight[Cell(i, Stance.Refutes, hedge)] = SupportEvidenceOf(trust.Refutes, hedge, false, policy);
                HoldBackOf(trust.Supports, hedge, false, policy, out CellWeight[Cell(i, Stance.CannotConfirm, hedge)]);
                CellWeight[Cell(i, Stance.Reports, hedge)] = DoubtEvidenceOf(tracks.GetValueOrDefault(s.Id), policy);
                InterestedCellWeight[Cell(i, Stance.Supports, hedge)] = SupportEvidenceOf(trust.Supports, hedge, true, policy);
                InterestedCellWeight[Cell(i, Stance.Refutes, hedge)] = SupportEvidenceOf(trust.Refutes, hedge, true, policy);
                HoldBackOf(trust.Supports, hedge, true, policy, out InterestedCellWeight[Cell(i, Stance.CannotConfirm, hedge)]);
                // Relaying is not speaking for oneself: a party's report doubts as much as anyone's.
                InterestedCellWeight[Cell(i, Stance.Reports, hedge)] = CellWeight[Cell(i, Stance.Reports, hedge)];
                foreach (var stance in (Stance[])[Stance.Refutes, Stance.CannotConfirm, Stance.Reports])
                    AdmissionCellWeight[Cell(i, stance, hedge)] = InterestedCellWeight[Cell(i, stance, hedge)];
                AdmissionCellWeight[Cell(i, Stance.Supports, hedge)] = SupportEvidenceOf(trust.Supports, hedge, true, policy, admission: true);
            }
            KeyStart[i] = keys.Count;
            keys.AddRange(s.Groups.Select(g => _keys["g:" + g]).Distinct());
            keys.Add(KeyOfSource(s.Id));
            var own = keys[^1];
            var groups = keys.Count - 1 - KeyStart[i];
            KeyBlocks[i] = new(groups > 0 ? keys[KeyStart[i]] : own, groups > 1 ? keys[KeyStart[i] + 1] : own, own, groups > 2);
        }
        KeyStart[sources.Count] = keys.Count;
        Keys = [.. keys];
    }

    // The same expressions as ClaimScorer's, so that both paths give the same bits.
    internal static double SupportEvidenceOf(double trust, Hedge hedge, bool interested, ScoringPolicy policy, bool admission = false) =>
        Fusion.Evidence(Math.Min(Fusion.Discount(trust, hedge, interested, policy, admission), policy.MaxTrust), policy);

    internal static double DoubtEvidenceOf(TrackRecord track, ScoringPolicy policy)
    {
        var q = ReliabilityLearner.ReportsDoubt(track, policy);
        return q > 0 ? Fusion.Evidence(q, policy) : 0;
    }

    internal static void HoldBackOf(double supportsTrust, Hedge hedge, bool interested, ScoringPolicy policy, out double hold) =>
        hold = Math.Clamp(Fusion.Discount(supportsTrust, hedge, interested, policy) * policy.CannotConfirmHold, 0, 1);

    public int IndexOf(string sourceId) => _index[sourceId];

    /// <summary>The key a relay outlet pools under: the outlet's own key, so its own word joins too.</summary>
    public int RelayKey(string outlet) => KeyOfSource(outlet);

    /// <summary>The group key of a claim's party, or -1 when no source belongs to it.</summary>
    public int PartyKey(string party) => _keys.TryGetValue("g:" + party, out var k) ? k : -1;

    private int KeyOfSource(string id)
    {
        if (!_keys.TryGetValue("s:" + id, out var k)) _keys.Add("s:" + id, k = _keys.Count);
        return k;
    }
}

/// <summary>A source's first two group keys and its own key; missing groups repeat the own key, which
/// cannot be shared because a claim holds one active word per source.</summary>
/// <param name="MoreGroups">The source has more than two groups: the scorer takes its general path.</param>
public readonly record struct SourceKeys(int First, int Second, int Own, bool MoreGroups);

/// <summary>Many claims in columnar form: claim c owns Assertions[ClaimStart[c]..ClaimStart[c + 1]],
/// Parties[PartyStart[c]..PartyStart[c + 1]] and, of those, the harmed ones Harmed[HarmedStart[c]..HarmedStart[c + 1]].</summary>
public sealed record ClaimBatch(
    BatchAssertion[] Assertions, int[] ClaimStart, int[] Parties, int[] PartyStart, long[] AsOfTicks, AdjudicationEvidence?[] Adjudications,
    int[] Harmed, int[] HarmedStart)
{
    public int Count => AsOfTicks.Length;

    /// <summary>Packs explained-path inputs (all scored under the same track records as <paramref name="sources"/>).</summary>
    public static ClaimBatch From(IReadOnlyList<ClaimEvidence> claims, BatchSources sources)
    {
        var assertions = new List<BatchAssertion>();
        var parties = new List<int>();
        var harmed = new List<int>();
        var claimStart = new int[claims.Count + 1];
        var partyStart = new int[claims.Count + 1];
        var harmedStart = new int[claims.Count + 1];
        for (var c = 0; c < claims.Count; c++)
        {
            claimStart[c] = assertions.Count;
            partyStart[c] = parties.Count;
            harmedStart[c] = harmed.Count;
            foreach (var a in claims[c].Assertions)
            {
                var via = string.IsNullOrEmpty(a.ReportedVia) ? -1 : sources.RelayKey(a.ReportedVia);
                assertions.Add(new(a.Id, sources.IndexOf(a.SourceId), a.Stance, a.Hedge, a.ObservedAt.UtcTicks, via));
            }
            parties.AddRange(claims[c].Parties.Select(sources.PartyKey).Where(k => k >= 0));
            // As in the explained path, a harmed party counts only when it is one of the claim's parties.
            harmed.AddRange((claims[c].HarmedParties ?? []).Where(h => claims[c].Parties.Contains(h, StringComparer.Ordinal)).Select(sources.PartyKey).Where(k => k >= 0));
        }
        claimStart[claims.Count] = assertions.Count;
        partyStart[claims.Count] = parties.Count;
        harmedStart[claims.Count] = harmed.Count;
        return new([.. assertions], claimStart, [.. parties], partyStart,
            claims.Select(c => c.AsOf.UtcTicks).ToArray(), claims.Select(c => c.Adjudication).ToArray(), [.. harmed], harmedStart);
    }
}
