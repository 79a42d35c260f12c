using System.CommandLine;
using System.Text;
using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.Cli.Commands;

/// <summary>A claim's status in a format other tools read: today schema.org ClaimReview JSON-LD, as the server writes it.</summary>
public static class ExportCommand
{
    public static Command Create(Option<string> server)
    {
        var claim = new Option<string>("--claimreview")
        {
            Description = "Print the claim's schema.org ClaimReview (JSON-LD) to standard output.",
            Required = true,
        };
        var asOf = StatusCommand.AsOfOption();
        var command = new Command("export", "Export a claim's status for other tools (--claimreview CLAIM: schema.org ClaimReview JSON-LD).")
        {
            claim, asOf,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, server, async context =>
        {
            var request = new GetClaimReviewRequest { ClaimId = parse.GetValue(claim)! };
            if (CommandRunner.ParseTime(parse.GetValue(asOf), "--as-of") is { } time) request.AsOf = Timestamp.FromDateTimeOffset(time);
            var review = await context.Client.GetClaimReviewAsync(request, cancellationToken: ct);
            context.Out.WriteLine(Encoding.UTF8.GetString(review.Data.Span));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
