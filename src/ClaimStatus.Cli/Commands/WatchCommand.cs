using System.CommandLine;
using System.Globalization;
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
        var reconnects = new Option<int>("--reconnects")
        {
            Description = "Times to reconnect, resuming where the stream broke, before giving up.",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("watch", "Print the status of each claim given, or of every claim with --topic TOPIC, then every change, until Ctrl+C.") { claims, topic, reconnects };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, server, context =>
            RunAsync(context, parse.GetValue(claims) ?? [], parse.GetValue(topic), Math.Max(0, parse.GetValue(reconnects)), ct)));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string[] claims, string? topic, int reconnects, CancellationToken ct)
    {
        if ((claims.Length == 0) == string.IsNullOrEmpty(topic))
            throw new UsageException("watch takes either --topic TOPIC or one or more claim ids");
        // A topic without claims yet would otherwise print nothing at all; on stderr, so stdout stays one line per status.
        if (!string.IsNullOrEmpty(topic))
            context.Error.WriteLine($"watching topic {topic}: every claim with it now and any created later; Ctrl+C to stop");
        long resumeAfter = 0;
        var failures = 0;
        while (true)
        {
            string why;
            try
            {
                using var call = context.Client.WatchStatus(
                    new WatchStatusRequest { Topic = topic ?? "", ClaimIds = { claims }, ResumeAfter = resumeAfter }, cancellationToken: ct);
                await foreach (var message in call.ResponseStream.ReadAllAsync(ct))
                {
                    context.Out.WriteLine(Text.WatchLine(message));
                    resumeAfter = message.TransitionId;
                    failures = 0;
                }
                why = "the server ended the stream";
            }
            catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                // Ctrl+C is how a watch ends.
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (Broken(ex) is { } reason)
            {
                why = reason;
            }

            if (++failures > reconnects)
            {
                context.Error.WriteLine($"error: watch ended: {why}; gave up after {reconnects} reconnects");
                return ExitCodes.Failed;
            }
            var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 250 * (1 << Math.Min(failures - 1, 5))));
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"watch interrupted: {why}; reconnecting in {delay.TotalSeconds:0.##} s ({failures}/{reconnects}, resume_after={resumeAfter})"));
            try { await Task.Delay(delay, ct); }
            catch (OperationCanceledException) { return ExitCodes.Ok; }
        }
    }

    /// <summary>Why a stream broke in a way a reconnect may mend; null for errors that are the caller's to fix.</summary>
    static string? Broken(Exception ex) => ex switch
    {
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown } rpc =>
            $"{GrpcErrors.CodeName(rpc.StatusCode)}: {rpc.Status.Detail}",
        // The connection dropped under the stream (the server died): HttpIOException and its kin.
        IOException or HttpRequestException => $"connection lost ({ex.Message})",
        _ => null,
    };
}
