using System.Globalization;
using ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Cli.Evaluation;

/// <summary>The nested protocol's table: one row per judge, mean and standard deviation over the fold seeds, then the
/// policy's calibration per fold and overall.</summary>
public static class NestedReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Table(IReadOnlyList<JudgeResult> results, int folds, IReadOnlyList<int> seeds)
    {
        var lines = new List<string>
        {
            string.Create(Inv, $"nested cross-validation: {folds} folds x {seeds.Count} fold seeds ({string.Join(",", seeds)}); mean +- SD over seeds"),
            string.Create(Inv, $"{"judge",-34} {"accuracy",-15} {"macro-F1",-15} {"unseen-source accuracy (n/seed)",-32}"),
        };
        foreach (var r in results)
        {
            var (am, asd) = r.Accuracy;
            var (fm, fsd) = r.MacroF1;
            var (um, usd, un) = r.UnseenAccuracy;
            lines.Add(string.Create(Inv, $"{r.Name,-34} {am:0.000} +- {asd:0.000}  {fm:0.000} +- {fsd:0.000}  {um:0.000} +- {usd:0.000} ({un:0.0})"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    public static string Calibration(JudgeResult policy)
    {
        var lines = new List<string>
        {
            $"calibration of the served P(true) on adjudicated claims, {policy.Name} (calibration method chosen and fitted inside each training part):",
        };
        foreach (var f in policy.Folds)
        {
            var c = f.Calibration;
            lines.Add(string.Create(Inv, $"  seed {f.Seed} fold {f.Fold + 1}: n={c.Count} brier={c.Brier:0.000} log_loss={c.LogLoss:0.000} ece={c.Ece:0.000} method={f.Choice}"));
        }
        lines.Add("  methods chosen: " + string.Join(", ", policy.Folds.GroupBy(f => f.Choice).OrderByDescending(g => g.Count())
            .Select(g => string.Create(Inv, $"{g.Key} {g.Count()}/{policy.Folds.Count}"))));
        var (bm, bsd) = policy.Brier;
        var (lm, lsd) = policy.LogLoss;
        var (em, esd) = policy.Ece;
        lines.Add(string.Create(Inv, $"  overall (per seed, mean +- SD): brier={bm:0.000} +- {bsd:0.000} log_loss={lm:0.000} +- {lsd:0.000} ece={em:0.000} +- {esd:0.000}"));
        var (fm, fsd) = policy.EceIfCalibrated;
        lines.Add(string.Create(Inv, $"  ece a perfectly calibrated judge would show with these probabilities (per seed, outcomes drawn 1000 times): {fm:0.000} +- {fsd:0.000}"));
        var pooled = policy.PooledCalibration;
        lines.Add(string.Create(Inv, $"  pooled over seeds: n={pooled.Count} brier={pooled.Brier:0.000} log_loss={pooled.LogLoss:0.000} ece={pooled.Ece:0.000}"));
        return string.Join(Environment.NewLine, lines);
    }
}
