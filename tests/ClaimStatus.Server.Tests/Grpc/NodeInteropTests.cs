using System.Diagnostics;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>A client the project did not generate: Node.js with @grpc/grpc-js loads our .proto files
/// and must be able to record evidence and read a status.</summary>
public sealed class NodeInteropTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static readonly string InteropFolder = Path.Combine(RepositoryRoot.Path, "tests", "interop");

    [Fact]
    public async Task Grpc_js_client_records_evidence_and_reads_a_status()
    {
        await ChildProcess.EnsureNpmPackagesAsync(InteropFolder);

        var hostPort = new Uri(server.Address).Authority;
        var (exitCode, output) = await RunAsync("node", $"client.js {hostPort}", TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, output);
        Assert.Contains("\"status\":\"STATUS_CONFIRMED\"", output);
    }

    static Task<(int ExitCode, string Output)> RunAsync(string program, string arguments, TimeSpan timeout) =>
        ChildProcess.RunAsync(program, arguments.Split(' '), InteropFolder, timeout);
}
