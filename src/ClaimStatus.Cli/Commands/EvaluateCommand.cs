using System.CommandLine;
using ClaimStatus.Cli.Evaluation;
using ClaimStatus.Cli.Output;
using ClaimStatus.Cli.Scenario;

namespace ClaimStatus.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Scenario whose adjudications the server learns from." };
        var test = new Option<string>("--test") { Description = "Scenario whose expectations are scored; its adjudications are not sent." };
        var folds = new Option<int?>("--folds") { Description = "K-fold cross-validation over FILE's claims (claim i in fold i mod K)." };
        var file = new Argument<string?>("FILE") { Description = "The scenario file for --folds.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("evaluate", "Measure judgement quality through the server's code on a temporary database.") { train, test, folds, file };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, serverOption: null, context =>
            RunAsync(context, parse.GetValue(train), parse.GetValue(test), parse.GetValue(folds), parse.GetValue(file), ct)));
        return command;
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
