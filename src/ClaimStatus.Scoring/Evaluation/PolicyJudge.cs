namespace ClaimStatus.Scoring.Evaluation;

/// <summary>The policy as a judge under the nested protocol. Given a training part it learns, from that part only, what
/// the ungraded regime learns: the ungraded priors (pooled hit rates), the track records (the timeline withholds every
/// other adjudication) and the calibration of P(true) (Platt scaling on the probabilities of the adjudicated training
/// claims, each scored by inner cross-validation over the training claims). Nothing else moves.</summary>
public static class PolicyJudge
{
    public const int InnerFolds = 4;

    /// <param name="adjust">Applied to the policy after the fit (the sensitivity table moves learned priors this way).</param>
    public static Judge Create(ScoringPolicy basis, bool calibrate = true, string? name = null, Func<ScoringPolicy, ScoringPolicy>? adjust = null) =>
        new(name ?? $"policy {basis.Name} v{basis.Version}", (scenario, training) =>
        {
            var (fitted, map) = Fit(scenario, training, basis, calibrate);
            var policy = adjust is null ? fitted : adjust(fitted);
            return e =>
            {
                var a = ClaimScorer.Score(e, policy);
                return new Prediction(a.Verdict, map.Apply(a.Probability));
            };
        });

    /// <summary>The policy and calibration learned from <paramref name="training"/> alone.</summary>
    public static (ScoringPolicy Policy, PlattMap Calibration) Fit(Scenario scenario, IReadOnlySet<string> training, ScoringPolicy basis, bool calibrate)
    {
        var policy = PolicyFitter.WithUngradedPriors(basis, scenario, training.Contains);
        return (policy, calibrate ? PlattMap.Fit(InnerProbabilities(scenario, training, basis)) : PlattMap.Identity);
    }

    /// <summary>P(true) of each adjudicated training claim as of its expectations, scored with the priors and records of
    /// the other inner folds only, paired with its truth.</summary>
    public static List<(double Probability, bool True)> InnerProbabilities(Scenario scenario, IReadOnlySet<string> training, ScoringPolicy basis)
    {
        var ids = scenario.Claims.Select(c => c.Id).Where(training.Contains).ToList();
        var truth = scenario.Adjudications.ToDictionary(a => a.ClaimId, a => a.Adjudication.Truth == Truth.True, StringComparer.Ordinal);
        var pairs = new List<(double, bool)>();
        for (var fold = 0; fold < InnerFolds; fold++)
        {
            var innerHeld = ids.Where((_, i) => i % InnerFolds == fold).ToHashSet(StringComparer.Ordinal);
            var innerTrain = ids.Where(id => !innerHeld.Contains(id)).ToHashSet(StringComparer.Ordinal);
            var policy = PolicyFitter.WithUngradedPriors(basis, scenario, innerTrain.Contains);
            var timeline = new Timeline(scenario, scenario.Claims.Select(c => c.Id).Where(id => !innerTrain.Contains(id)).ToHashSet(StringComparer.Ordinal));
            foreach (var e in scenario.Expectations.Where(e => innerHeld.Contains(e.ClaimId) && truth.ContainsKey(e.ClaimId)))
                pairs.Add((ClaimScorer.Score(timeline.EvidenceAsOf(e.ClaimId, e.AsOf), policy).Probability, truth[e.ClaimId]));
        }
        return pairs;
    }
}
