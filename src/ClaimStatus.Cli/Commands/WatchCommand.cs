using System.CommandLine;
using ClaimStatus.Cli.Output;
using ClaimStatus.Contracts.V1;
using Grpc.Core;

namespace ClaimStatus.Cli.Commands;

public static class WatchCommand
{
    public static Command Create(Option<string> server)
    {
        var claims = new Argument<string[]>("CLAIM") { Description = "Claim ids to watch.", Arity = ArgumentArity.ZeroOrMore };
        var topic = new Option<string>("--topic") { Description = "Watch every claim with this topic, including claims created later." };
        var command = new Command("watch", "Print each watched claim's status, then every change, until Ctrl+C.") { claims, topic };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, server, context =>
            RunAsync(context, parse.GetValue(claims) ?? [], parse.GetValue(topic), ct)));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string[] claims, string? topic, CancellationToken ct)
    {
        if ((claims.Length == 0) == string.IsNullOrEmpty(topic))
            throw new UsageException("watch takes either --topic TOPIC or one or more claim ids");
        var request = new WatchStatusRequest { Topic = topic ?? "", ClaimIds = { claims } };
        using var call = context.Client.WatchStatus(request, cancellationToken: ct);
        try
        {
            await foreach (var message in call.ResponseStream.ReadAllAsync(ct))
                context.Out.WriteLine(Text.WatchLine(message));
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or RpcException)
        {
            // Ctrl+C is how a watch ends.
        }
        return ExitCodes.Ok;
    }
}
