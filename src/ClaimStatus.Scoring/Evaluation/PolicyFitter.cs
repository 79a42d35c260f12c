namespace ClaimStatus.Scoring.Evaluation;

/// <summary>One scored claim as the decision sees it: the fused opinion's features and the right answer.</summary>
public sealed record DecisionExample(double Support, double Refute, double ReportsDoubt, FusedEvidence Evidence, Verdict Expected)
{
    public static DecisionExample From(ClaimAssessment a, Verdict expected) => new(
        Math.Log(1 + a.Decision["held_support_evidence"]), Math.Log(1 + a.Decision["refute_evidence"]), a.Decision["reports_doubt"],
        new FusedEvidence(a.Decision["support_evidence"], a.Decision["refute_evidence"], a.Decision["cannot_confirm_hold"],
            a.SupportingGroups, a.RefutingGroups, (int)a.Decision["reporting_groups"], a.Decision["doubt_evidence"]),
        expected);
}

/// <summary>Fits the decision of a policy: a multinomial logistic regression of the status on
/// (1, ln(1 + r), ln(1 + s), ln(1 + q)), UNVERIFIED as the reference class, with an L2 penalty on the
/// non-bias weights. Pure and deterministic: full-batch gradient descent from zero.</summary>
public static class PolicyFitter
{
    public const int Features = 4;

    public static ScoringPolicy FitDecision(
        IReadOnlyList<DecisionExample> examples, ScoringPolicy basis, double l2 = 0.01, int iterations = 50_000, double rate = 0.1)
    {
        var w = Fit(examples, l2, iterations, rate);
        return basis with
        {
            ConfirmBias = w[0][0], ConfirmSupport = w[0][1], ConfirmRefute = w[0][2], ConfirmReports = w[0][3],
            DenyBias = w[1][0], DenySupport = w[1][1], DenyRefute = w[1][2], DenyReports = w[1][3],
        };
    }

    /// <summary>The ungraded (F) priors per stance: the pooled hit rates of every source's credited word (the latest
    /// before the decision, <see cref="ReliabilityLearner.Credit"/>) over all adjudicated claims of a scenario.</summary>
    public static SourceTrust UngradedPriors(Scenario scenario)
    {
        var assertions = scenario.Assertions.ToLookup(a => a.ClaimId, a => a.Assertion, StringComparer.Ordinal);
        var pooled = scenario.Adjudications
            .SelectMany(a => ReliabilityLearner.Credit(assertions[a.ClaimId], a.Adjudication.Truth, a.Adjudication.DecidedAt))
            .Aggregate(default(TrackRecord), (sum, credit) => sum + credit.Credit);
        return new((double)pooled.SupportsRight / (pooled.SupportsRight + pooled.SupportsWrong),
            (double)pooled.RefutesRight / (pooled.RefutesRight + pooled.RefutesWrong));
    }

    /// <summary>An honest estimate for unseen claims: the decision refitted on k-1 folds of the examples
    /// (example i in fold i mod k) and applied, gates included, to the held-out fold.</summary>
    public static (double Accuracy, double MacroF1) NestedEstimate(
        IReadOnlyList<DecisionExample> examples, ScoringPolicy basis, int folds = 5, double l2 = 0.01)
    {
        var pairs = new List<(Verdict, Verdict)>(examples.Count);
        for (var fold = 0; fold < folds; fold++)
        {
            var fitted = FitDecision(examples.Where((_, i) => i % folds != fold).ToList(), basis, l2);
            pairs.AddRange(examples.Where((_, i) => i % folds == fold).Select(e => (e.Expected, Fusion.Decide(e.Evidence, fitted).Verdict)));
        }
        return (Metrics.Accuracy(pairs), Metrics.MacroF1(pairs));
    }

    /// <summary>Weights of CONFIRMED (row 0) and DENIED (row 1) against UNVERIFIED.</summary>
    public static double[][] Fit(IReadOnlyList<DecisionExample> examples, double l2, int iterations, double rate)
    {
        var w = new[] { new double[Features], new double[Features] };
        var grad = new[] { new double[Features], new double[Features] };
        var x = new double[Features];
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(grad[0]);
            Array.Clear(grad[1]);
            foreach (var e in examples)
            {
                FeaturesOf(e, x);
                var zc = Dot(w[0], x);
                var zd = Dot(w[1], x);
                var max = Math.Max(0, Math.Max(zc, zd));
                var (eu, ec, ed) = (Math.Exp(-max), Math.Exp(zc - max), Math.Exp(zd - max));
                var sum = eu + ec + ed;
                var pc = ec / sum - (e.Expected == Verdict.Confirmed ? 1 : 0);
                var pd = ed / sum - (e.Expected == Verdict.Denied ? 1 : 0);
                for (var k = 0; k < Features; k++)
                {
                    grad[0][k] += pc * x[k];
                    grad[1][k] += pd * x[k];
                }
            }
            for (var c = 0; c < 2; c++)
            {
                for (var k = 0; k < Features; k++)
                {
                    var penalty = k == 0 ? 0 : l2 * w[c][k];
                    w[c][k] -= rate * (grad[c][k] / examples.Count + penalty);
                }
            }
            Constrain(w);
        }
        return w;
    }

    // Signs of CONFIRMED (row 0) and DENIED (row 1) per feature (bias, support, refute, doubt): +1 at least 0,
    // -1 at most 0. Biases at most 0 keep silence UNVERIFIED; each kind of evidence may only push towards its
    // own status, so the decision stays sensible on evidence unlike the training data.
    private static readonly int[][] Signs = [[-1, 1, -1, -1], [-1, -1, 1, 1]];

    /// <summary>Projects the weights onto the constraints after each step: the signs above (a box, so clamping is the
    /// projection) and, for denial, support weighing at least as much as refutation (DenyRefute at most |DenySupport|),
    /// so that equal support and refutation never deny: what a refutation is worth against a support is decided by
    /// the trust in each word, not by the decision (rule 4).</summary>
    private static void Constrain(double[][] w)
    {
        (w[1][1], w[1][2]) = EvenHanded(w[1][1], w[1][2]);
        for (var c = 0; c < 2; c++)
        {
            for (var k = 0; k < Features; k++) w[c][k] = Signs[c][k] > 0 ? Math.Max(w[c][k], 0) : Math.Min(w[c][k], 0);
        }
    }

    /// <summary>The Euclidean projection of (against, towards) onto against at most 0, towards at least 0 and towards at
    /// most |against|: the cone between the rays (-t, 0) and (-t, t), t at least 0. Outside it the nearest point lies on
    /// one of the two rays.</summary>
    private static (double Against, double Towards) EvenHanded(double against, double towards)
    {
        var (x, y) = (-against, towards);
        if (y >= 0 && y <= x) return (against, towards);
        var onAxis = Math.Max(x, 0);
        var onDiagonal = Math.Max((x + y) / 2, 0);
        var axisDistance = (x - onAxis) * (x - onAxis) + y * y;
        var diagonalDistance = (x - onDiagonal) * (x - onDiagonal) + (y - onDiagonal) * (y - onDiagonal);
        return axisDistance <= diagonalDistance ? (-onAxis, 0) : (-onDiagonal, onDiagonal);
    }

    private static void FeaturesOf(DecisionExample e, double[] x)
    {
        x[0] = 1;
        x[1] = e.Support;
        x[2] = e.Refute;
        x[3] = e.ReportsDoubt;
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }
}
