namespace ClaimStatus.Scoring.Evaluation;

/// <summary>The simple rules the policy must beat, each read from a claim's latest words as of the expectation. They
/// learn nothing, so cross-validation cannot flatter them; their probability is the base rate (0.5).</summary>
public static class Baselines
{
    public static IReadOnlyList<Judge> All { get; } =
    [
        Fixed("always UNVERIFIED", _ => Verdict.Unverified),
        Fixed("majority stance", MajorityStance),
        Fixed("net vote", NetVote),
        Fixed("any refutation -> DENIED", e => Count(e).Refutes > 0 ? Verdict.Denied : Verdict.Unverified),
        Fixed("hand rule", HandRule),
    ];

    /// <summary>The most frequent latest stance among SUPPORTS, REFUTES and REPORTS (CANNOT_CONFIRM counts as
    /// REPORTS: neither side); SUPPORTS reads CONFIRMED, REFUTES DENIED, REPORTS or a tie UNVERIFIED.</summary>
    public static Verdict MajorityStance(ClaimEvidence e)
    {
        var (supports, refutes, others, _) = Count(e);
        if (supports > refutes && supports > others) return Verdict.Confirmed;
        return refutes > supports && refutes > others ? Verdict.Denied : Verdict.Unverified;
    }

    /// <summary>Supports minus refutations: positive CONFIRMED, negative DENIED, zero UNVERIFIED.</summary>
    public static Verdict NetVote(ClaimEvidence e)
    {
        var (supports, refutes, _, _) = Count(e);
        return supports > refutes ? Verdict.Confirmed : refutes > supports ? Verdict.Denied : Verdict.Unverified;
    }

    /// <summary>Any refutation: DENIED; else at least three independent supporting groups and no outlet merely
    /// reporting it: CONFIRMED; else UNVERIFIED.</summary>
    public static Verdict HandRule(ClaimEvidence e)
    {
        var (_, refutes, _, reports) = Count(e);
        if (refutes > 0) return Verdict.Denied;
        return reports == 0 && IndependentSupports(e) >= 3 ? Verdict.Confirmed : Verdict.Unverified;
    }

    private static Judge Fixed(string name, Func<ClaimEvidence, Verdict> rule) =>
        new(name, (_, _) => new(e => new Prediction(rule(e), 0.5)));

    private static List<AssertionEvidence> Latest(ClaimEvidence e)
    {
        var latest = new Dictionary<string, AssertionEvidence>(StringComparer.Ordinal);
        foreach (var a in e.Assertions)
        {
            if (a.ObservedAt > e.AsOf) continue;
            if (!latest.TryGetValue(a.SourceId, out var seen) || ReliabilityLearner.IsLater(a, seen)) latest[a.SourceId] = a;
        }
        return [.. latest.Values];
    }

    private static (int Supports, int Refutes, int Others, int Reports) Count(ClaimEvidence e)
    {
        var latest = Latest(e);
        return (latest.Count(a => a.Stance == Stance.Supports), latest.Count(a => a.Stance == Stance.Refutes),
            latest.Count(a => a.Stance is Stance.Reports or Stance.CannotConfirm), latest.Count(a => a.Stance == Stance.Reports));
    }

    private static int IndependentSupports(ClaimEvidence e)
    {
        var supports = Latest(e).Where(a => a.Stance == Stance.Supports).ToList();
        var clusters = new DependenceClusters(supports,
            id => e.Sources.TryGetValue(id, out var p) ? p : new SourceProfile(id, SourceKind.Other, Grade.F, []));
        return clusters.Names.Count;
    }
}
