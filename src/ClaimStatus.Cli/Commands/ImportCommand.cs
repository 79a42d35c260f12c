using System.CommandLine;
using ClaimStatus.Cli.Output;
using ClaimStatus.Cli.Scenario;

namespace ClaimStatus.Cli.Commands;

public static class ImportCommand
{
    public static Command Create(Option<string> server)
    {
        var file = new Argument<string>("FILE") { Description = "A claimstatus-scenario/1 JSON file." };
        var command = new Command("import", "Validate a scenario file, then store its sources, claims, assertions and adjudications.") { file };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, server, context => RunAsync(context, parse.GetValue(file)!, ct)));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string path, CancellationToken ct)
    {
        var scenario = await ScenarioFile.LoadAsync(path, ct);
        var summary = await new ScenarioImporter(context.Client, context.Progress).ImportAsync(scenario, withheld: null, ct);
        context.Out.WriteLine(Text.Summary(summary));
        return ExitCodes.Ok;
    }
}
