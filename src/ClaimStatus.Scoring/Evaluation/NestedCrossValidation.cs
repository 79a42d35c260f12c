namespace ClaimStatus.Scoring.Evaluation;

/// <summary>A judge's answer for one claim as of one time: its status and its probability that the claim is true.</summary>
public readonly record struct Prediction(Verdict Verdict, double Probability);

/// <summary>Something that judges claims after learning from a training part: <see cref="Fit"/> sees the scenario and the
/// ids of the training claims, may read only their adjudications, and returns the judgement it will use on the rest.</summary>
public sealed record Judge(string Name, Func<Scenario, IReadOnlySet<string>, FittedJudge> Fit);

/// <summary>What a judge learned from one training part: its judgement, and a word on what it chose (for the report).</summary>
public sealed record FittedJudge(Func<ClaimEvidence, Prediction> Judge, string? Choice = null);

/// <summary>One held-out expectation: what was expected, what the judge said, the claim's adjudicated truth (null when
/// not adjudicated; read only to score probabilities), and whether at least 80% of the sources that spoke had no record
/// learned from the training part.</summary>
public sealed record Outcome(ScenarioExpectation Expected, Prediction Got, bool? True, bool MostlyUnseen);

public sealed record FoldResult(int Seed, int Fold, IReadOnlyList<Outcome> Outcomes, string? Choice = null)
{
    public double Accuracy => Metrics.Accuracy(Outcomes.Select(o => (o.Expected.Status, o.Got.Verdict)));
    public double MacroF1 => Metrics.MacroF1(Outcomes.Select(o => (o.Expected.Status, o.Got.Verdict)));
    public CalibrationReport Calibration => NestedCrossValidation.CalibrationOf(Outcomes);
}

/// <summary>A judge's folds over every seed. Each seed's figure pools its k held-out folds (every claim scored once);
/// the spread is the standard deviation of those figures over the seeds.</summary>
public sealed record JudgeResult(string Name, IReadOnlyList<FoldResult> Folds)
{
    public IReadOnlyList<int> Seeds => Folds.Select(f => f.Seed).Distinct().ToList();

    public IReadOnlyList<Outcome> OfSeed(int seed) => Folds.Where(f => f.Seed == seed).SelectMany(f => f.Outcomes).ToList();

    public (double Mean, double Sd) Accuracy => Spread(s => Metrics.Accuracy(OfSeed(s).Select(o => (o.Expected.Status, o.Got.Verdict))));
    public (double Mean, double Sd) MacroF1 => Spread(s => Metrics.MacroF1(OfSeed(s).Select(o => (o.Expected.Status, o.Got.Verdict))));
    public (double Mean, double Sd) Ece => Spread(s => NestedCrossValidation.CalibrationOf(OfSeed(s)).Ece);
    public (double Mean, double Sd) Brier => Spread(s => NestedCrossValidation.CalibrationOf(OfSeed(s)).Brier);
    /// <summary>Per seed, the ECE a perfectly calibrated judge would show with the same probabilities (the noise floor).</summary>
    public (double Mean, double Sd) EceIfCalibrated => Spread(s => CalibrationReport.EceIfCalibrated(
        OfSeed(s).Where(o => o.True is not null).Select(o => o.Got.Probability).ToList(), seed: s));
    public (double Mean, double Sd) LogLoss => Spread(s => NestedCrossValidation.CalibrationOf(OfSeed(s)).LogLoss);

    /// <summary>Accuracy on the expectations whose sources were mostly unseen in training, and how many there were per seed.</summary>
    public (double Mean, double Sd, double PerSeed) UnseenAccuracy
    {
        get
        {
            var (mean, sd) = Spread(s => Metrics.Accuracy(OfSeed(s).Where(o => o.MostlyUnseen).Select(o => (o.Expected.Status, o.Got.Verdict))));
            return (mean, sd, Seeds.Average(s => OfSeed(s).Count(o => o.MostlyUnseen)));
        }
    }

    /// <summary>Every seed's outcomes together: the reliability diagram's data.</summary>
    public CalibrationReport PooledCalibration => NestedCrossValidation.CalibrationOf(Folds.SelectMany(f => f.Outcomes).ToList());

    private (double Mean, double Sd) Spread(Func<int, double> perSeed)
    {
        var values = Seeds.Select(perSeed).ToList();
        var mean = values.Average();
        var sd = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return (mean, sd);
    }
}

/// <summary>The honest protocol: for each fold seed the claims are shuffled into k folds; each fold is held out in turn,
/// its adjudications withheld, and every judge is fitted on the other folds only (whatever it chooses, it chooses there)
/// and then scores the held-out claims as of their expectations, with track records learned from the training part.</summary>
public static class NestedCrossValidation
{
    public const double UnseenShare = 0.8;

    public static IReadOnlyList<JudgeResult> Run(Scenario scenario, IReadOnlyList<Judge> judges, int folds, IReadOnlyList<int> seeds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var truth = scenario.Adjudications.GroupBy(a => a.ClaimId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(a => a.Adjudication.DecidedAt)!.Adjudication.Truth == Truth.True, StringComparer.Ordinal);
        var results = judges.Select(_ => new List<FoldResult>()).ToList();
        foreach (var seed in seeds)
        {
            var foldOf = FoldsOf(scenario.Claims.Select(c => c.Id).ToList(), folds, seed);
            for (var fold = 0; fold < folds; fold++)
            {
                var heldOut = foldOf.Where(kv => kv.Value == fold).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
                var training = foldOf.Keys.Where(id => !heldOut.Contains(id)).ToHashSet(StringComparer.Ordinal);
                var timeline = new Timeline(scenario, heldOut);
                var evidence = scenario.Expectations.Where(e => heldOut.Contains(e.ClaimId))
                    .Select(e => (Expected: e, Evidence: timeline.EvidenceAsOf(e.ClaimId, e.AsOf))).ToList();
                for (var j = 0; j < judges.Count; j++)
                {
                    var fitted = judges[j].Fit(scenario, training);
                    results[j].Add(new FoldResult(seed, fold, evidence.Select(x => new Outcome(x.Expected, fitted.Judge(x.Evidence),
                        truth.TryGetValue(x.Expected.ClaimId, out var t) ? t : null, MostlyUnseen(x.Evidence))).ToList(), fitted.Choice));
                }
            }
        }
        return judges.Select((j, i) => new JudgeResult(j.Name, results[i])).ToList();
    }

    /// <summary>Claim ids shuffled by the seed (Fisher-Yates on a seeded System.Random, the same on every machine) and
    /// dealt into k folds of sizes differing by at most one.</summary>
    public static Dictionary<string, int> FoldsOf(IReadOnlyList<string> claimIds, int folds, int seed)
    {
        var order = claimIds.ToArray();
        var random = new Random(seed);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var k = random.Next(i + 1);
            (order[i], order[k]) = (order[k], order[i]);
        }
        return order.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i % folds, StringComparer.Ordinal);
    }

    /// <summary>Calibration of P(true) on the outcomes whose claim was adjudicated TRUE or FALSE.</summary>
    public static CalibrationReport CalibrationOf(IReadOnlyList<Outcome> outcomes) =>
        CalibrationReport.Of(outcomes.Where(o => o.True is not null).Select(o => (o.Got.Probability, o.True!.Value)).ToList());

    private static bool MostlyUnseen(ClaimEvidence e)
    {
        var spoke = e.Assertions.Where(a => a.ObservedAt <= e.AsOf).Select(a => a.SourceId).Distinct(StringComparer.Ordinal).ToList();
        return spoke.Count > 0 && spoke.Count(s => !e.TrackRecords.ContainsKey(s)) >= UnseenShare * spoke.Count;
    }
}
