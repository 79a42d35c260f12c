using System.Diagnostics;

namespace ClaimStatus.Server.Tests;

/// <summary>Runs a program the tests need (node, npm) to its end, bounded in time.</summary>
static class ChildProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    static readonly SemaphoreSlim InstallOnce = new(1, 1);

    /// <summary>`npm ci` in a tests/ folder whose node_modules is missing (.ci/run installs them up front), once
    /// even when several test classes need it at the same time.</summary>
    public static async Task EnsureNpmPackagesAsync(string folder)
    {
        await InstallOnce.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(folder, "node_modules"))) return;
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, install.Output);
        }
        finally
        {
            InstallOnce.Release();
        }
    }
}
