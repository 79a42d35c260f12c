using System.CommandLine;
using ClaimStatus.Cli.Output;
using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Cli.Commands;

public static class ExplainCommand
{
    public static Command Create(Option<string> server)
    {
        var claim = new Argument<string>("CLAIM") { Description = "The claim id." };
        var asOf = StatusCommand.AsOfOption();
        var command = new Command("explain", "Print a claim's status with every contribution, the fused numbers and the decision.") { claim, asOf };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, server, async context =>
        {
            var request = StatusCommand.Request(parse.GetValue(claim)!, parse.GetValue(asOf), StatusView.Full);
            using var call = context.Client.GetStatusAsync(request, cancellationToken: ct);
            var report = await call.ResponseAsync;
            // The server names the trace of this call in a trailer, so the explanation can be found in tracing.
            var traceId = call.GetTrailers().GetValue("trace-id");
            context.Out.WriteLine(Text.Explain(report, traceId));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
