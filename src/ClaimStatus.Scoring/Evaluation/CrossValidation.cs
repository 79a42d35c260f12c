namespace ClaimStatus.Scoring.Evaluation;

public sealed record EvaluatedExpectation(ScenarioExpectation Expected, ClaimAssessment Assessment)
{
    public bool Correct => Expected.Status == Assessment.Verdict;
}

public sealed record EvaluationResult(IReadOnlyList<EvaluatedExpectation> Results)
{
    public double Accuracy => Metrics.Accuracy(Results.Select(r => (r.Expected.Status, r.Assessment.Verdict)));
    public double MacroF1 => Metrics.MacroF1(Results.Select(r => (r.Expected.Status, r.Assessment.Verdict)));
}

/// <summary>The evaluation protocol: claims in file order, claim i in fold i mod k; each fold's
/// adjudications are withheld while its claims are scored as of their expectations.</summary>
public static class CrossValidation
{
    public static EvaluationResult Run(Scenario scenario, ScoringPolicy policy, int folds = 5)
    {
        var foldOf = scenario.Claims.Select((c, i) => (c.Id, Fold: i % folds)).ToDictionary(x => x.Id, x => x.Fold, StringComparer.Ordinal);
        var results = new EvaluatedExpectation[scenario.Expectations.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var heldOut = foldOf.Where(kv => kv.Value == fold).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
            var timeline = new Timeline(scenario, heldOut);
            for (var i = 0; i < results.Length; i++)
            {
                var e = scenario.Expectations[i];
                if (!heldOut.Contains(e.ClaimId)) continue;
                results[i] = new EvaluatedExpectation(e, ClaimScorer.Score(timeline.EvidenceAsOf(e.ClaimId, e.AsOf), policy));
            }
        }
        return new EvaluationResult(results);
    }

    /// <summary>Every expectation scored with nothing withheld (the seed-scenario check).</summary>
    public static EvaluationResult Replay(Scenario scenario, ScoringPolicy policy)
    {
        var timeline = new Timeline(scenario);
        return new EvaluationResult(scenario.Expectations
            .Select(e => new EvaluatedExpectation(e, ClaimScorer.Score(timeline.EvidenceAsOf(e.ClaimId, e.AsOf), policy)))
            .ToList());
    }
}

public static class Metrics
{
    public static double Accuracy(IEnumerable<(Verdict Expected, Verdict Actual)> pairs)
    {
        var list = pairs.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(p => p.Expected == p.Actual) / list.Count;
    }

    /// <summary>Mean F1 over the three statuses; a status never expected nor predicted scores 0.</summary>
    public static double MacroF1(IEnumerable<(Verdict Expected, Verdict Actual)> pairs)
    {
        var list = pairs.ToList();
        return Enum.GetValues<Verdict>().Average(v =>
        {
            var tp = list.Count(p => p.Expected == v && p.Actual == v);
            var fp = list.Count(p => p.Expected != v && p.Actual == v);
            var fn = list.Count(p => p.Expected == v && p.Actual != v);
            return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
        });
    }
}
