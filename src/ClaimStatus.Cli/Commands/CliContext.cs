using System.CommandLine;
using ClaimStatus.Cli.Scenario;
using ClaimStatus.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace ClaimStatus.Cli.Commands;

/// <summary>What a verb needs from the command line: where to write, and a client for --server.</summary>
public sealed class CliContext(ParseResult parse, string server) : IDisposable
{
    private GrpcChannel? channel;

    public TextWriter Out => parse.InvocationConfiguration.Output;

    public TextWriter Error => parse.InvocationConfiguration.Error;

    public string Server => server;

    public ClaimStatusService.ClaimStatusServiceClient Client =>
        new((channel ??= GrpcChannel.ForAddress(server)));

    /// <summary>Progress is redrawn in place only on a real terminal; logs and tests get plain lines.</summary>
    public ImportProgress Progress =>
        new(Error, interactive: ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected);

    public void Dispose() => channel?.Dispose();
}

/// <summary>Bad command-line input that the parser cannot see, such as a malformed time.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Runs a verb and turns expected failures into a message and an exit code, never a stack trace.</summary>
public static class CommandRunner
{
    /// <param name="serverOption">--server, or null for a verb that talks to no running server (evaluate).</param>
    public static async Task<int> RunAsync(ParseResult parse, Option<string>? serverOption, Func<CliContext, Task<int>> verb)
    {
        var server = serverOption is null ? "" : parse.GetValue(serverOption)!;
        var error = parse.InvocationConfiguration.Error;
        if (serverOption is not null && (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            error.WriteLine($"error: --server {server} is not an http:// or https:// URL");
            return ExitCodes.Invalid;
        }
        using var context = new CliContext(parse, server);
        try
        {
            return await verb(context);
        }
        catch (ScenarioInvalidException ex)
        {
            error.WriteLine(Output.Text.Errors(ex.Errors));
            return ExitCodes.Invalid;
        }
        catch (Exception ex) when (ex is UsageException or ScenarioUnreadableException)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Invalid;
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            error.WriteLine($"error: {GrpcErrors.Describe(ex, server)}");
            return GrpcErrors.ExitCode(ex);
        }
    }

    public static DateTimeOffset? ParseTime(string? text, string option) =>
        text is null ? null
        : Rfc3339.TryParse(text, out var time) ? time
        : throw new UsageException($"{option} \"{text}\" is not an RFC 3339 date-time such as 2024-10-29T00:00:00Z");
}
