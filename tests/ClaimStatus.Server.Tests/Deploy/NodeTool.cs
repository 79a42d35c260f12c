using System.Diagnostics;

namespace ClaimStatus.Server.Tests.Deploy;

/// <summary>Runs the Node.js checks in tests/deploy (kubernetes-models), installing them on first use.</summary>
public static class NodeTool
{
    public static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "deploy");
    public static async Task<(int ExitCode, string Output)> ValidateAsync(string manifestFolder)
    {
        await ChildProcess.EnsureNpmPackagesAsync(Folder);
        return await RunAsync("node", ["validate.mjs", manifestFolder], TimeSpan.FromMinutes(1));
    }

    static Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, TimeSpan timeout) =>
        ChildProcess.RunAsync(program, arguments, Folder, timeout);
}
