namespace ClaimStatus.Scoring.Evaluation;

/// <summary>How well probabilities of truth match outcomes: Brier score, log loss and expected calibration error over
/// equal-width bins (the reliability diagram's bins).</summary>
public sealed record CalibrationReport(double Brier, double LogLoss, double Ece, int Count, IReadOnlyList<CalibrationBin> Bins)
{
    public const int BinCount = 10;

    public static CalibrationReport Of(IReadOnlyList<(double Probability, bool True)> outcomes)
    {
        var n = outcomes.Count;
        if (n == 0) return new(0, 0, 0, 0, []);
        var brier = outcomes.Average(o => Math.Pow(o.Probability - (o.True ? 1 : 0), 2));
        var logLoss = outcomes.Average(o => -Math.Log(Math.Clamp(o.True ? o.Probability : 1 - o.Probability, 1e-6, 1)));
        var bins = new List<CalibrationBin>(BinCount);
        for (var b = 0; b < BinCount; b++)
        {
            var lo = (double)b / BinCount;
            var hi = (double)(b + 1) / BinCount;
            var inBin = outcomes.Where(o => o.Probability >= lo && (o.Probability < hi || (b == BinCount - 1 && o.Probability <= hi))).ToList();
            bins.Add(new(lo, hi, inBin.Count, inBin.Count == 0 ? 0 : inBin.Average(o => o.Probability),
                inBin.Count == 0 ? 0 : (double)inBin.Count(o => o.True) / inBin.Count));
        }
        var ece = bins.Sum(b => (double)b.Count / n * Math.Abs(b.MeanPredicted - b.Observed));
        return new(brier, logLoss, ece, n, bins);
    }

    /// <summary>The ECE a perfectly calibrated judge would still show on these probabilities: each outcome drawn true with
    /// its own probability, <paramref name="draws"/> times (a seeded System.Random, the same on every machine), averaged.
    /// With a hundred or so claims over ten bins the estimator's noise alone is of the size of the 0.05 target.</summary>
    public static double EceIfCalibrated(IReadOnlyList<double> probabilities, int draws = 1000, int seed = 1)
    {
        var random = new Random(seed);
        var sum = 0.0;
        for (var d = 0; d < draws; d++)
            sum += Of(probabilities.Select(p => (p, random.NextDouble() < p)).ToList()).Ece;
        return draws == 0 ? 0 : sum / draws;
    }
}

public sealed record CalibrationBin(double Low, double High, int Count, double MeanPredicted, double Observed);
