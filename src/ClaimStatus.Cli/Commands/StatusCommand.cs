using System.CommandLine;
using ClaimStatus.Cli.Output;
using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.Cli.Commands;

public static class StatusCommand
{
    public static Command Create(Option<string> server)
    {
        var claim = new Argument<string>("CLAIM") { Description = "The claim id." };
        var asOf = AsOfOption();
        var command = new Command("status", "Print a claim's status on one line.") { claim, asOf };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, server, async context =>
        {
            var request = Request(parse.GetValue(claim)!, parse.GetValue(asOf), StatusView.Basic);
            var report = await context.Client.GetStatusAsync(request, cancellationToken: ct);
            context.Out.WriteLine(Text.StatusLine(report));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Option<string> AsOfOption() =>
        new("--as-of") { Description = "RFC 3339 time to compute the status as of (default: now)." };

    public static GetStatusRequest Request(string claim, string? asOf, StatusView view)
    {
        var request = new GetStatusRequest { ClaimId = claim, View = view };
        if (CommandRunner.ParseTime(asOf, "--as-of") is { } time) request.AsOf = Timestamp.FromDateTimeOffset(time);
        return request;
    }
}
