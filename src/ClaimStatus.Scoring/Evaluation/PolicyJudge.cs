namespace ClaimStatus.Scoring.Evaluation;

/// <summary>The policy as a judge under the nested protocol. Given a training part it learns, from that part only, what
/// the ungraded regime learns: the ungraded priors (pooled hit rates), the track records (the timeline withholds every
/// other adjudication) and the calibration map of the served probability (its method chosen and its numbers fitted on the
/// evidence probabilities of the adjudicated training claims, each scored leaving itself out). Nothing else moves. The judge's probability is the one the engine serves under the fitted policy.</summary>
public static class PolicyJudge
{
    /// <param name="adjust">Applied to the policy after the fit (the sensitivity table moves learned priors this way).</param>
    public static Judge Create(ScoringPolicy basis, bool calibrate = true, string? name = null, Func<ScoringPolicy, ScoringPolicy>? adjust = null) =>
        new(name ?? $"policy {basis.Name} v{basis.Version}", (scenario, training) =>
        {
            var fitted = Fit(scenario, training, basis, calibrate);
            var policy = adjust is null ? fitted : adjust(fitted);
            return new(e =>
            {
                var a = ClaimScorer.Score(e, policy);
                return new Prediction(a.Verdict, a.Probability);
            }, policy.UngradedCalibration.Method.ToString().ToLowerInvariant());
        });

    /// <summary>The policy learned from <paramref name="training"/> alone: its ungraded priors and, when
    /// <paramref name="calibrate"/>, its calibration map (otherwise the identity).</summary>
    public static ScoringPolicy Fit(Scenario scenario, IReadOnlySet<string> training, ScoringPolicy basis, bool calibrate = true) =>
        PolicyFitter.WithUngradedPriors(basis, scenario, training.Contains) with
        {
            UngradedCalibration = calibrate ? Calibration(scenario, training, basis).Map : CalibrationMap.Identity,
        };

    /// <summary>The calibration map chosen and fitted on the training part, with every candidate's held-out error.</summary>
    public static (CalibrationMap Map, IReadOnlyDictionary<CalibrationMethod, double> Ece) Calibration(
        Scenario scenario, IReadOnlySet<string> training, ScoringPolicy basis) =>
        CalibrationFitter.Choose(InnerProbabilities(scenario, training, basis));

    /// <summary>The evidence probability (the uncalibrated P the thresholds read) of each adjudicated training claim as of
    /// its expectations, paired with its truth. Each claim is left out of what it is scored with: its ungraded priors pool
    /// the other training claims, and its track records come from the other training claims' adjudications (the timeline
    /// never credits a claim's own, rule 8). The held-out claims are scored with the whole training part, so this keeps the
    /// examples the map is fitted on as close as the training part allows to the claims it will be applied to.</summary>
    public static List<(double Probability, bool True)> InnerProbabilities(Scenario scenario, IReadOnlySet<string> training, ScoringPolicy basis)
    {
        var truth = scenario.Adjudications.ToDictionary(a => a.ClaimId, a => a.Adjudication.Truth == Truth.True, StringComparer.Ordinal);
        var raw = basis with { UngradedCalibration = CalibrationMap.Identity };
        var timeline = new Timeline(scenario, scenario.Claims.Select(c => c.Id).Where(id => !training.Contains(id)).ToHashSet(StringComparer.Ordinal));
        var pairs = new List<(double, bool)>();
        foreach (var e in scenario.Expectations.Where(e => training.Contains(e.ClaimId) && truth.ContainsKey(e.ClaimId)))
        {
            var policy = PolicyFitter.WithUngradedPriors(raw, scenario, id => training.Contains(id) && !string.Equals(id, e.ClaimId, StringComparison.Ordinal));
            pairs.Add((ClaimScorer.Score(timeline.EvidenceAsOf(e.ClaimId, e.AsOf), policy).Probability, truth[e.ClaimId]));
        }
        return pairs;
    }
}
