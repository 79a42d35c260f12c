using System.CommandLine;
using ClaimStatus.Cli.Output;
using ClaimStatus.Cli.Scenario;
using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Cli.Commands;

public static class CheckCommand
{
    public static Command Create(Option<string> server)
    {
        var file = new Argument<string>("FILE") { Description = "A claimstatus-scenario/1 JSON file with expectations." };
        var command = new Command("check", "Import a scenario file, then compare each expectation with the server's status.") { file };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, server, context => RunAsync(context, parse.GetValue(file)!, ct)));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string path, CancellationToken ct)
    {
        var scenario = await ScenarioFile.LoadAsync(path, ct);
        var summary = await new ScenarioImporter(context.Client, context.Progress).ImportAsync(scenario, withheld: null, ct);
        context.Out.WriteLine(Text.Summary(summary));

        var (passed, failed) = (0, 0);
        foreach (var expectation in (scenario.Expectations ?? []).Select(e => e!))
        {
            var request = new GetStatusRequest { ClaimId = expectation.Claim!, AsOf = ScenarioMapping.Time(expectation.AsOf!), View = StatusView.Basic };
            var got = await context.Client.GetStatusAsync(request, cancellationToken: ct);
            if (expectation.Status == Text.Status(got.Status)) passed++;
            else failed++;
            context.Out.WriteLine(Text.CheckLine(expectation, got));
        }
        context.Out.WriteLine(Text.CheckTotals(passed, failed));
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
