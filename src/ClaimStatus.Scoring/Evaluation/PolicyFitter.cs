namespace ClaimStatus.Scoring.Evaluation;

/// <summary>What the ungraded regime learns from adjudications, and only that: the graded priors, the thresholds and
/// every other parameter stay as ScoringPolicy sets them, so no fit moves a graded case (rule 10).</summary>
public static class PolicyFitter
{
    /// <summary>The ungraded (F) priors per stance: the pooled hit rates of every source's credited word (the latest
    /// before the decision, <see cref="ReliabilityLearner.Credit"/>) over the adjudicated claims of a scenario that
    /// <paramref name="include"/> admits (all of them by default), capped at MaxTrust.</summary>
    public static SourceTrust UngradedPriors(Scenario scenario, Func<string, bool>? include = null, ScoringPolicy? policy = null)
    {
        var cap = (policy ?? ScoringPolicy.Default).MaxTrust;
        var assertions = scenario.Assertions.ToLookup(a => a.ClaimId, a => a.Assertion, StringComparer.Ordinal);
        var pooled = scenario.Adjudications
            .Where(a => include is null || include(a.ClaimId))
            .SelectMany(a => ReliabilityLearner.Credit(assertions[a.ClaimId], a.Adjudication.Truth, a.Adjudication.DecidedAt))
            .Aggregate(default(TrackRecord), (sum, credit) => sum + credit.Credit);
        return new(Math.Min(Ratio(pooled.SupportsRight, pooled.SupportsWrong), cap), Math.Min(Ratio(pooled.RefutesRight, pooled.RefutesWrong), cap));
    }

    /// <summary>The policy with the ungraded priors learned from the claims <paramref name="include"/> admits.</summary>
    public static ScoringPolicy WithUngradedPriors(ScoringPolicy basis, Scenario scenario, Func<string, bool> include)
    {
        var priors = UngradedPriors(scenario, include, basis);
        return basis with { PriorFSupports = priors.Supports, PriorFRefutes = priors.Refutes };
    }

    // With no adjudicated word on a side the prior stays uninformative (one half).
    private static double Ratio(int right, int wrong) => right + wrong == 0 ? 0.5 : (double)right / (right + wrong);
}
