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
            var recorders = await RecordersAsync(context.Client, report.ClaimId, ct);
            var adjudication = (await context.Client.ListAdjudicationsAsync(
                new ListAdjudicationsRequest { ClaimId = report.ClaimId }, cancellationToken: ct)).Adjudications.FirstOrDefault();
            context.Out.WriteLine(Text.Explain(report, traceId, recorders, adjudication));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Who recorded each of the claim's assertions, read page by page.</summary>
    static async Task<Dictionary<long, string>> RecordersAsync(
        ClaimStatusService.ClaimStatusServiceClient client, string claimId, CancellationToken ct)
    {
        var recorders = new Dictionary<long, string>();
        var request = new ListAssertionsRequest { ClaimId = claimId, PageSize = 1000 };
        do
        {
            var page = await client.ListAssertionsAsync(request, cancellationToken: ct);
            foreach (var a in page.Assertions) recorders[a.Id] = a.RecordedBy;
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return recorders;
    }
}
