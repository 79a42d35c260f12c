namespace ClaimStatus.Scoring.Evaluation;

/// <summary>Fits a <see cref="CalibrationMap"/> to evidence probabilities and outcomes, and chooses among the methods by
/// cross-validation over those examples alone: the nested protocol calls it with the training part's probabilities.</summary>
public static class CalibrationFitter
{
    /// <summary>The candidates, simplest first: a tie goes to the earlier one.</summary>
    public static IReadOnlyList<CalibrationMethod> Methods { get; } =
        [CalibrationMethod.Platt, CalibrationMethod.Beta, CalibrationMethod.Isotonic, CalibrationMethod.Binned];

    public const int SelectionFolds = 4;

    /// <summary>Bins of the binned map: five equal-width bins hold about twenty of a training part's ~110 adjudicated claims
    /// each where the probabilities are spread, so that a bin's share true is not one or two claims' verdict.</summary>
    public const int Bins = 5;

    /// <summary>The method whose map, fitted on the other folds of <paramref name="examples"/> (every fourth example held
    /// out in turn), gives the lowest expected calibration error on the held-out examples pooled, refitted on them all;
    /// with the held-out error of every candidate.</summary>
    public static (CalibrationMap Map, IReadOnlyDictionary<CalibrationMethod, double> Ece) Choose(IReadOnlyList<(double Probability, bool True)> examples)
    {
        if (examples.Count < 2 * SelectionFolds) return (Fit(CalibrationMethod.Platt, examples), new Dictionary<CalibrationMethod, double>());
        var ece = new Dictionary<CalibrationMethod, double>();
        foreach (var method in Methods)
        {
            var held = new List<(double, bool)>(examples.Count);
            for (var fold = 0; fold < SelectionFolds; fold++)
            {
                var map = Fit(method, examples.Where((_, i) => i % SelectionFolds != fold).ToList());
                held.AddRange(examples.Where((_, i) => i % SelectionFolds == fold).Select(x => (map.Apply(x.Probability), x.True)));
            }
            ece[method] = CalibrationReport.Of(held).Ece;
        }
        var best = Methods.MinBy(m => ece[m]);
        return (Fit(best, examples), ece);
    }

    public static CalibrationMap Fit(CalibrationMethod method, IReadOnlyList<(double Probability, bool True)> examples)
    {
        if (examples.Count == 0) return CalibrationMap.Identity;
        switch (method)
        {
            case CalibrationMethod.Platt:
                var platt = Logistic(examples, p => [Logit(p), 1], [1, 0]);
                return new(method, A: platt[0], B: platt[0], C: platt[1]);
            case CalibrationMethod.Beta:
                var beta = Logistic(examples, p => [Math.Log(Clamp(p)), -Math.Log(1 - Clamp(p)), 1], [1, 1, 0]);
                return new(method, A: beta[0], B: beta[1], C: beta[2]);
            case CalibrationMethod.Isotonic:
                return new(method, Knots: Isotonic(examples));
            case CalibrationMethod.Binned:
                return new(method, Knots: Binned(examples));
            default:
                return CalibrationMap.Identity;
        }
    }

    /// <summary>Logistic regression of the outcome on the features, by Newton's method on the mean log loss with a small
    /// ridge towards <paramref name="start"/> (the identity map), so that few or separable examples still give a finite map.
    /// Each step is halved until the loss falls: a full Newton step from the identity can overshoot and diverge.</summary>
    private static double[] Logistic(IReadOnlyList<(double Probability, bool True)> examples, Func<double, double[]> features, double[] start, double ridge = 1e-3)
    {
        var w = (double[])start.Clone();
        var n = w.Length;
        var rows = examples.Select(x => (X: features(x.Probability), Y: x.True ? 1.0 : 0.0)).ToList();
        double Loss(double[] v)
        {
            var loss = 0.0;
            for (var i = 0; i < n; i++) loss += ridge * (v[i] - start[i]) * (v[i] - start[i]) / 2;
            foreach (var (x, y) in rows)
            {
                var z = 0.0;
                for (var i = 0; i < n; i++) z += v[i] * x[i];
                // log(1 + e^z) - y z, written to stay finite for large |z|.
                loss += (Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - y * z) / rows.Count;
            }
            return loss;
        }
        var current = Loss(w);
        for (var it = 0; it < 100; it++)
        {
            var g = new double[n];
            var h = new double[n, n];
            for (var i = 0; i < n; i++) { g[i] = ridge * (w[i] - start[i]); h[i, i] = ridge; }
            foreach (var (x, y) in rows)
            {
                var z = 0.0;
                for (var i = 0; i < n; i++) z += w[i] * x[i];
                var q = 1 / (1 + Math.Exp(-z));
                var err = (q - y) / rows.Count;
                var curve = q * (1 - q) / rows.Count;
                for (var i = 0; i < n; i++)
                {
                    g[i] += err * x[i];
                    for (var j = 0; j < n; j++) h[i, j] += curve * x[i] * x[j];
                }
            }
            var step = Solve(h, g);
            if (step is null) break;
            var (next, t) = (w, 1.0);
            for (var halvings = 0; halvings < 30; halvings++, t /= 2)
            {
                var tried = w.Select((v, i) => v - t * step[i]).ToArray();
                var loss = Loss(tried);
                if (loss > current) continue;
                (next, current) = (tried, loss);
                break;
            }
            if (ReferenceEquals(next, w)) break;
            w = next;
            if (t * step.Sum(Math.Abs) < 1e-10) break;
        }
        return w;
    }

    /// <summary>Gaussian elimination with partial pivoting; null when the system is singular.</summary>
    private static double[]? Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = new double[n, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) m[i, j] = a[i, j];
            m[i, n] = b[i];
        }
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            if (Math.Abs(m[pivot, c]) < 1e-15) return null;
            for (var j = 0; j <= n; j++) (m[c, j], m[pivot, j]) = (m[pivot, j], m[c, j]);
            for (var r = 0; r < n; r++)
            {
                if (r == c) continue;
                var f = m[r, c] / m[c, c];
                for (var j = c; j <= n; j++) m[r, j] -= f * m[c, j];
            }
        }
        return Enumerable.Range(0, n).Select(i => m[i, n] / m[i, i]).ToArray();
    }

    /// <summary>Pool-adjacent-violators over the examples sorted by P: each block becomes a knot at its mean P with its share
    /// true, given half a pseudo-observation towards even chance so that no block serves 0 or 1 on a handful of claims.</summary>
    private static List<CalibrationKnot> Isotonic(IReadOnlyList<(double Probability, bool True)> examples)
    {
        var blocks = new List<(double SumP, double True, int Count)>();
        foreach (var (p, truth) in examples.OrderBy(x => x.Probability))
        {
            blocks.Add((p, truth ? 1 : 0, 1));
            while (blocks.Count > 1 && blocks[^2].True / blocks[^2].Count >= blocks[^1].True / blocks[^1].Count)
            {
                var last = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (blocks[^1].SumP + last.SumP, blocks[^1].True + last.True, blocks[^1].Count + last.Count);
            }
        }
        return Monotone(blocks.Select(b => new CalibrationKnot(b.SumP / b.Count, (b.True + 0.5) / (b.Count + 1))));
    }

    /// <summary>Equal-width bins, each serving its share true shrunk towards the training base rate by two pseudo-claims
    /// (an empty bin serves the base rate).</summary>
    private static List<CalibrationKnot> Binned(IReadOnlyList<(double Probability, bool True)> examples)
    {
        var rate = examples.Average(x => x.True ? 1.0 : 0.0);
        var count = new double[Bins];
        var truths = new double[Bins];
        foreach (var (p, truth) in examples)
        {
            var b = Math.Clamp((int)(p * Bins), 0, Bins - 1);
            count[b]++;
            truths[b] += truth ? 1 : 0;
        }
        return Monotone(Enumerable.Range(0, Bins).Select(b => new CalibrationKnot((double)(b + 1) / Bins, (truths[b] + 2 * rate) / (count[b] + 2))));
    }

    // Smoothing can undo the order of two neighbouring values: a served probability must never rank stronger evidence lower.
    private static List<CalibrationKnot> Monotone(IEnumerable<CalibrationKnot> knots)
    {
        var result = new List<CalibrationKnot>();
        foreach (var k in knots) result.Add(result.Count > 0 && k.Calibrated < result[^1].Calibrated ? k with { Calibrated = result[^1].Calibrated } : k);
        return result;
    }

    private static double Clamp(double p) => Math.Clamp(p, 1e-6, 1 - 1e-6);

    private static double Logit(double p) => Math.Log(Clamp(p) / (1 - Clamp(p)));
}
