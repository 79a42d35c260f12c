namespace ClaimStatus.Scoring.Evaluation;

/// <summary>Platt scaling of a probability: P' = sigma(Slope logit(P) + Intercept). Fitted by Newton's method on the
/// log loss with a small ridge, so that a fold with few or separable examples still gives a finite map.</summary>
public readonly record struct PlattMap(double Slope, double Intercept)
{
    public static PlattMap Identity => new(1, 0);

    public double Apply(double p) => Sigmoid(Slope * Logit(p) + Intercept);

    public static PlattMap Fit(IReadOnlyList<(double Probability, bool True)> examples, double ridge = 1e-3)
    {
        if (examples.Count == 0) return Identity;
        double a = 1, c = 0;
        for (var it = 0; it < 100; it++)
        {
            // Gradient and Hessian of the mean log loss plus ridge (a - 1)^2 / 2 + c^2 / 2 (towards the identity).
            double ga = ridge * (a - 1), gc = ridge * c, haa = ridge, hac = 0, hcc = ridge;
            foreach (var (p, truth) in examples)
            {
                var x = Logit(p);
                var q = Sigmoid(a * x + c);
                var err = (q - (truth ? 1 : 0)) / examples.Count;
                var w = q * (1 - q) / examples.Count;
                ga += err * x;
                gc += err;
                haa += w * x * x;
                hac += w * x;
                hcc += w;
            }
            var det = haa * hcc - hac * hac;
            if (det <= 1e-15) break;
            var da = (hcc * ga - hac * gc) / det;
            var dc = (haa * gc - hac * ga) / det;
            a -= da;
            c -= dc;
            if (Math.Abs(da) + Math.Abs(dc) < 1e-10) break;
        }
        return new(a, c);
    }

    internal static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(q / (1 - q));
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}

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
}

public sealed record CalibrationBin(double Low, double High, int Count, double MeanPredicted, double Observed);
