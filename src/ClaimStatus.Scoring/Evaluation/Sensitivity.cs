namespace ClaimStatus.Scoring.Evaluation;

/// <summary>The policy with one parameter moved by -20% and +20% (probabilities kept within [0, 1]; learned priors moved
/// after they are learned), each a judge for the nested protocol: how much the figures depend on each number.</summary>
public static class Sensitivity
{
    private static readonly (string Name, Func<ScoringPolicy, double> Get, Func<ScoringPolicy, double, ScoringPolicy> Set, bool Learned)[] Parameters =
    [
        ("ConfirmAt", p => p.ConfirmAt, (p, v) => p with { ConfirmAt = v }, false),
        ("DenyAt", p => p.DenyAt, (p, v) => p with { DenyAt = v }, false),
        ("PriorWeight", p => p.PriorWeight, (p, v) => p with { PriorWeight = v }, false),
        ("MaxTrust", p => p.MaxTrust, (p, v) => p with { MaxTrust = v }, false),
        ("PriorEvidence", p => p.PriorEvidence, (p, v) => p with { PriorEvidence = v }, false),
        ("BaseRate", p => p.BaseRate, (p, v) => p with { BaseRate = v }, false),
        ("PriorFSupports (learned)", p => p.PriorFSupports, (p, v) => p with { PriorFSupports = v }, true),
        ("PriorFRefutes (learned)", p => p.PriorFRefutes, (p, v) => p with { PriorFRefutes = v }, true),
    ];

    public static IEnumerable<Judge> Judges(ScoringPolicy basis)
    {
        foreach (var (name, get, set, learned) in Parameters)
        {
            foreach (var factor in (double[])[0.8, 1.2])
            {
                ScoringPolicy Move(ScoringPolicy p) => set(p, Math.Min(get(p) * factor, name is "PriorWeight" or "PriorEvidence" ? double.MaxValue : 0.999));
                var label = $"  {name} x{factor:0.0}";
                yield return learned
                    ? PolicyJudge.Create(basis, name: label, adjust: Move)
                    : PolicyJudge.Create(Move(basis), name: label);
            }
        }
    }
}
