using System.Diagnostics;

namespace ClaimStatus.Server.Tests.Deploy;

/// <summary>Runs the Node.js checks in tests/deploy (kubernetes-models), installing them on first use.</summary>
public static class NodeTool
{
    public static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "deploy");
    static readonly SemaphoreSlim InstallOnce = new(1, 1);

    public static async Task<(int ExitCode, string Output)> ValidateAsync(string manifestFolder)
    {
        await InstallOnce.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
            {
                var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
                Assert.True(install.ExitCode == 0, install.Output);
            }
        }
        finally
        {
            InstallOnce.Release();
        }
        return await RunAsync("node", ["validate.mjs", manifestFolder], TimeSpan.FromMinutes(1));
    }

    static Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, TimeSpan timeout) =>
        ChildProcess.RunAsync(program, arguments, Folder, timeout);
}
