namespace ClaimStatus.Server.Tests.Cli;

/// <summary>One in-process run of the claimstatus command line, with what it printed.</summary>
sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ClaimStatus.Cli.Program.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static string Sample(string name) => Path.Combine(RepositoryRoot.Path, "src", "ClaimStatus.Cli", "samples", name);
}

/// <summary>Signals each completed line, so a test can stop a watch once it has printed something.</summary>
sealed class LineSignalWriter : StringWriter
{
    readonly TaskCompletionSource _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstLine => _firstLine.Task;

    public override void WriteLine(string? value)
    {
        lock (this) base.WriteLine(value);
        _firstLine.TrySetResult();
    }

    public override string ToString()
    {
        lock (this) return base.ToString();
    }
}
