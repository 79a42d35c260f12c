using ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Scoring.Tests;

/// <summary>Runs only where the shared scenarios sit beside the repository; elsewhere it is reported as
/// skipped with the reason, never as passed.</summary>
public sealed class SharedScenarioFactAttribute : FactAttribute
{
    public SharedScenarioFactAttribute(string fileName)
    {
        if (SharedScenarios.Find(fileName) is null)
            Skip = $"{fileName} not found in ../shared/scenarios beside the repository root (a clone without the shared data).";
    }
}

internal static class SharedScenarios
{
    public static string? Find(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "ClaimStatus.sln"))) continue;
            var path = Path.Combine(dir.FullName, "..", "shared", "scenarios", fileName);
            return File.Exists(path) ? Path.GetFullPath(path) : null;
        }
        return null;
    }

    public static Scenario Load(string fileName) => ScenarioJson.Parse(File.ReadAllText(Find(fileName)!));
}

public sealed class EmergentCrossValidationTests
{
    [SharedScenarioFact("nk-troops-2024.json")]
    public void The_shared_seed_file_matches_the_scenario_written_in_the_tests()
    {
        var shared = SharedScenarios.Load("nk-troops-2024.json");
        var ours = NkTroopsScenario.Build();
        Assert.Equal(ours.Assertions, shared.Assertions);
        Assert.Equal(ours.Expectations, shared.Expectations);
        Assert.All(CrossValidation.Replay(shared, ScoringPolicy.Default).Results, r => Assert.True(r.Correct, r.Expected.ToString()));
    }

    [SharedScenarioFact("emergent-train.json")]
    public void The_ungraded_priors_are_the_pooled_hit_rates_of_the_training_file()
    {
        var pooled = PolicyFitter.UngradedPriors(SharedScenarios.Load("emergent-train.json"));
        // Pasted to two decimals: 331 of 550 supports and 247 of 259 refutations were right.
        Assert.Equal(ScoringPolicy.Default.PriorFSupports, Math.Round(pooled.Supports, 2));
        Assert.Equal(ScoringPolicy.Default.PriorFRefutes, Math.Round(pooled.Refutes, 2));
    }

    [SharedScenarioFact("emergent-train.json")]
    public void The_served_calibration_is_the_one_the_protocol_fits_on_the_training_file()
    {
        var emergent = SharedScenarios.Load("emergent-train.json");
        var fitted = PolicyJudge.Fit(emergent, emergent.Claims.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), ScoringPolicy.Default).UngradedCalibration;
        var served = ScoringPolicy.Default.UngradedCalibration;
        Assert.Equal(fitted.Method, served.Method);
        // Pasted with the knots' positions to four decimals and their values as exact fractions.
        Assert.Equal(fitted.Knots!.Select(k => (Math.Round(k.Probability, 4), Math.Round(k.Calibrated, 12))),
            served.Knots!.Select(k => (k.Probability, Math.Round(k.Calibrated, 12))));
    }

    [SharedScenarioFact("emergent-train.json")]
    public void Under_nested_cross_validation_the_served_probability_is_better_calibrated_than_the_evidence_probability()
    {
        var results = NestedCrossValidation.Run(SharedScenarios.Load("emergent-train.json"),
            [PolicyJudge.Create(ScoringPolicy.Default), PolicyJudge.Create(ScoringPolicy.Default, calibrate: false)], folds: 5, seeds: [1, 2, 3, 4, 5]);
        var (calibrated, raw) = (results[0], results[1]);
        // POLICY.md: per seed 0.051 +- 0.007 against 0.111 +- 0.004; the target is 0.05.
        Assert.True(calibrated.Ece.Mean < raw.Ece.Mean - 3 * (calibrated.Ece.Sd + raw.Ece.Sd), $"ECE {calibrated.Ece.Mean:0.000} vs raw {raw.Ece.Mean:0.000}");
        Assert.True(calibrated.Ece.Mean < 0.06, $"ECE {calibrated.Ece.Mean:0.000} +- {calibrated.Ece.Sd:0.000}");
        Assert.True(calibrated.Brier.Mean < raw.Brier.Mean, $"Brier {calibrated.Brier.Mean:0.000} vs raw {raw.Brier.Mean:0.000}");
        // The thresholds read the evidence probability: the calibration moves no status.
        Assert.Equal(raw.Accuracy, calibrated.Accuracy);
    }

    [SharedScenarioFact("emergent-train.json")]
    public void Under_nested_cross_validation_the_policy_beats_every_baseline_by_more_than_the_seed_spread()
    {
        var results = NestedCrossValidation.Run(SharedScenarios.Load("emergent-train.json"),
            [PolicyJudge.Create(ScoringPolicy.Default), .. Baselines.All], folds: 5, seeds: [1, 2, 3, 4, 5]);
        var policy = results[0];
        var baselines = results.Skip(1).ToList();
        Assert.All(policy.Folds, f => Assert.Equal(48, f.Outcomes.Count));
        var bestAccuracy = baselines.Max(b => b.Accuracy.Mean);
        var bestF1 = baselines.Max(b => b.MacroF1.Mean);
        Assert.True(policy.Accuracy.Mean - bestAccuracy > policy.Accuracy.Sd,
            $"accuracy {policy.Accuracy.Mean:0.000} +- {policy.Accuracy.Sd:0.000}, best baseline {bestAccuracy:0.000}");
        Assert.True(policy.MacroF1.Mean - bestF1 > policy.MacroF1.Sd,
            $"macro-F1 {policy.MacroF1.Mean:0.000} +- {policy.MacroF1.Sd:0.000}, best baseline {bestF1:0.000}");
        // The baselines learn nothing, so every seed gives them the same figure.
        Assert.All(baselines, b => Assert.Equal(0, b.Accuracy.Sd, 12));
    }

    [SharedScenarioFact("emergent-train.json")]
    public void The_baselines_score_what_POLICY_md_quotes()
    {
        var results = NestedCrossValidation.Run(SharedScenarios.Load("emergent-train.json"), Baselines.All, folds: 5, seeds: [1]);
        var byName = results.ToDictionary(r => r.Name, r => (Math.Round(r.Accuracy.Mean, 3), Math.Round(r.MacroF1.Mean, 3)));
        Assert.Equal((0.417, 0.196), byName["always UNVERIFIED"]);
        Assert.Equal((0.629, 0.469), byName["any refutation -> DENIED"]);
        Assert.Equal((0.621, 0.563), byName["hand rule"]);
    }
}
