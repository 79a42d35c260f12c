using System.CommandLine;
using ClaimStatus.Cli.Evaluation;
using ClaimStatus.Cli.Output;
using ClaimStatus.Cli.Scenario;
using ClaimStatus.Scoring;
using Baselines = ClaimStatus.Scoring.Evaluation.Baselines;
using Judge = ClaimStatus.Scoring.Evaluation.Judge;
using NestedCrossValidation = ClaimStatus.Scoring.Evaluation.NestedCrossValidation;
using PolicyJudge = ClaimStatus.Scoring.Evaluation.PolicyJudge;
using Sensitivity = ClaimStatus.Scoring.Evaluation.Sensitivity;

namespace ClaimStatus.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Scenario whose adjudications the server learns from." };
        var test = new Option<string>("--test") { Description = "Scenario whose expectations are scored; its adjudications are not sent." };
        var folds = new Option<int?>("--folds") { Description = "K-fold cross-validation over FILE's claims (claim i in fold i mod K)." };
        var repeat = new Option<int?>("--repeat")
        {
            Description = "Nested cross-validation over FILE, in memory through the engine: --folds K (default 5) shuffled by each of N fold seeds (1..N), every choice made inside the training folds; mean and SD over seeds.",
        };
        var baselines = new Option<bool>("--baselines") { Description = "With the nested protocol: the simple rules in the same table." };
        var plot = new Option<string?>("--plot") { Description = "With the nested protocol: write the policy's reliability diagram to this .svg file." };
        var sensitivity = new Option<bool>("--sensitivity") { Description = "With the nested protocol: the policy again with each parameter moved by -20% and +20%." };
        var file = new Argument<string?>("FILE") { Description = "The scenario file for --folds.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("evaluate", "Measure judgement quality through the server's code on a temporary database.") { train, test, folds, repeat, baselines, plot, sensitivity, file };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, serverOption: null, context =>
            parse.GetValue(repeat) is not null || parse.GetValue(baselines) || parse.GetValue(plot) is not null || parse.GetValue(sensitivity)
                ? NestedAsync(context, parse.GetValue(train), parse.GetValue(test), parse.GetValue(folds) ?? 5, parse.GetValue(repeat) ?? 5,
                    parse.GetValue(baselines), parse.GetValue(plot), parse.GetValue(sensitivity), parse.GetValue(file), ct)
                : RunAsync(context, parse.GetValue(train), parse.GetValue(test), parse.GetValue(folds), parse.GetValue(file), ct)));
        return command;
    }

    /// <summary>The nested protocol (Scoring/Evaluation/NestedCrossValidation.cs) on the engine itself: repeated over
    /// seeds it would take hundreds of imports through a server, and the engine is the code the server scores with.</summary>
    public static async Task<int> NestedAsync(
        CliContext context, string? train, string? test, int folds, int repeat, bool baselines, string? plot, bool sensitivity, string? file, CancellationToken ct)
    {
        if (train is not null || test is not null || file is null)
            throw new UsageException("use: evaluate [--folds K] --repeat N [--baselines] [--plot FILE.svg] FILE.json");
        if (folds < 2) throw new UsageException($"--folds must be at least 2, not {folds}");
        if (repeat < 1) throw new UsageException($"--repeat must be at least 1, not {repeat}");
        if (plot is not null && !plot.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--plot writes SVG: give a file name ending in .svg, not {plot}");
        var scenario = EngineScenario.From(await LoadCheckedAsync(file, ct));
        if (scenario.Claims.Count < folds) throw new UsageException($"--folds {folds} needs at least {folds} claims; {file} has {scenario.Claims.Count}");

        var seeds = Enumerable.Range(1, repeat).ToList();
        var policy = PolicyJudge.Create(ScoringPolicy.Default);
        var judges = baselines ? [policy, .. Baselines.All] : new List<Judge> { policy };
        if (sensitivity) judges.AddRange(Sensitivity.Judges(ScoringPolicy.Default));
        var results = NestedCrossValidation.Run(scenario, judges, folds, seeds);
        context.Out.WriteLine(NestedReport.Table(results, folds, seeds));
        context.Out.WriteLine(NestedReport.Calibration(results[0]));
        // The same choices made once on the whole file: what ScoringPolicy's ungraded defaults should be.
        var all = scenario.Claims.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var whole = PolicyJudge.Fit(scenario, all, ScoringPolicy.Default);
        var (_, candidates) = PolicyJudge.Calibration(scenario, all, ScoringPolicy.Default);
        context.Out.WriteLine(FormattableString.Invariant(
            $"fitted on the whole file: prior_f_supports={whole.PriorFSupports:0.000} prior_f_refutes={whole.PriorFRefutes:0.000} calibration {whole.UngradedCalibration}"));
        context.Out.WriteLine("  held-out ECE of each calibration method on the whole file's inner probabilities: "
            + string.Join(" ", candidates.Select(c => FormattableString.Invariant($"{c.Key.ToString().ToLowerInvariant()}={c.Value:0.000}"))));
        if (plot is not null)
        {
            await File.WriteAllTextAsync(plot, ReliabilityDiagram.Svg(results[0].PooledCalibration,
                $"{results[0].Name}: reliability of P(true), nested CV, {folds} folds x {repeat} seeds"), ct);
            context.Error.WriteLine($"reliability diagram written to {plot}");
        }
        return ExitCodes.Ok;
    }

    public static async Task<int> RunAsync(CliContext context, string? train, string? test, int? folds, string? file, CancellationToken ct)
    {
        var evaluator = new Evaluator(context.Error);
        Metrics metrics;
        if (folds is { } k && train is null && test is null && file is not null)
        {
            if (k < 2) throw new UsageException($"--folds must be at least 2, not {k}");
            var scenario = await LoadCheckedAsync(file, ct);
            if (scenario.Claims!.Count < k) throw new UsageException($"--folds {k} needs at least {k} claims; {file} has {scenario.Claims.Count}");
            metrics = await evaluator.FoldsAsync(scenario, k, ct);
        }
        else if (folds is null && train is not null && test is not null && file is null)
        {
            var trainFile = await LoadCheckedAsync(train, ct);
            var testFile = await LoadCheckedAsync(test, ct);
            metrics = await evaluator.TrainTestAsync(trainFile, testFile, ct);
        }
        else
        {
            throw new UsageException("use either: evaluate --train TRAIN.json --test TEST.json, or: evaluate --folds K FILE.json");
        }
        context.Out.WriteLine(Text.Evaluation(metrics));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The file's own errors are reported before any server starts; ids it leaves to the server are
    /// checked by the import against the temporary database.
    /// </summary>
    private static async Task<ScenarioFile> LoadCheckedAsync(string path, CancellationToken ct)
    {
        var scenario = await ScenarioFile.LoadAsync(path, ct);
        var check = ScenarioValidator.Validate(scenario, DateTimeOffset.UtcNow);
        if (check.Errors.Count > 0) throw new ScenarioInvalidException(check.Errors);
        return scenario;
    }
}
