using System.CommandLine;
using ClaimStatus.Cli.Commands;

namespace ClaimStatus.Cli;

public static class Program
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Parses and runs one command line; tests call this with their own writers.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default) =>
        BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);

    public static RootCommand BuildRoot()
    {
        var server = new Option<string>("--server")
        {
            Description = "The ClaimStatus server's URL (plaintext HTTP/2 for http://).",
            DefaultValueFactory = _ => DefaultServer,
        };
        var root = new RootCommand("claimstatus: import evidence into a ClaimStatus server and ask it how well established claims are.");
        // Every verb that talks to a server takes --server; evaluate runs its own temporary server and does not. The
        // root takes it too (not recursively, so evaluate's help does not offer it): `claimstatus --server URL VERB`
        // keeps working for scripts written that way.
        root.Options.Add(server);
        foreach (var verb in new[] { ImportCommand.Create(server), CheckCommand.Create(server), StatusCommand.Create(server),
                     ExplainCommand.Create(server), WatchCommand.Create(server), ExportCommand.Create(server) })
        {
            verb.Options.Add(server);
            root.Subcommands.Add(verb);
        }
        root.Subcommands.Add(EvaluateCommand.Create());
        return root;
    }
}
