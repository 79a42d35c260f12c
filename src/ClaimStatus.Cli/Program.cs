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
            Recursive = true,
        };
        var root = new RootCommand("claimstatus: import evidence into a ClaimStatus server and ask it how well established claims are.");
        root.Options.Add(server);
        root.Subcommands.Add(ImportCommand.Create(server));
        root.Subcommands.Add(CheckCommand.Create(server));
        root.Subcommands.Add(StatusCommand.Create(server));
        root.Subcommands.Add(ExplainCommand.Create(server));
        root.Subcommands.Add(WatchCommand.Create(server));
        root.Subcommands.Add(EvaluateCommand.Create(server));
        return root;
    }
}
