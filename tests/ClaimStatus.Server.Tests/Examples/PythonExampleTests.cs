using ClaimStatus.Server.Tests.Grpc;

namespace ClaimStatus.Server.Tests.Examples;

/// <summary>examples/python/client.py against the real server: its modules generated here by protoc from the
/// repository's protos (the project's own and the google.rpc ones in examples/python/protos), never committed.
/// Needs Debian's python3-grpcio, python3-protobuf and protobuf-compiler (.ci/run installs them); without them the
/// test fails saying which is missing.</summary>
public sealed class PythonExampleTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    const string Python = "/usr/bin/python3";
    static readonly string Example = Path.Combine(RepositoryRoot.Path, "examples", "python");

    [Fact]
    public async Task The_python_client_records_evidence_reads_a_status_and_decodes_the_bad_request()
    {
        var probe = File.Exists(Python)
            ? await ChildProcess.RunAsync(Python, ["-c", "import grpc, google.protobuf"], RepositoryRoot.Path, TimeSpan.FromSeconds(30))
            : (ExitCode: 1, Output: $"{Python} is missing");
        Assert.True(probe.ExitCode == 0, $"the Python example needs Debian's python3-grpcio and python3-protobuf: {probe.Output.Trim()}");
        var protoc = await Which("protoc");
        Assert.True(protoc is not null, "the Python example needs protoc: apt-get install protobuf-compiler");

        var generated = Path.Combine(Path.GetTempPath(), "claimstatus-python-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(generated);
        try
        {
            string[] protos =
            [
                .. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "protos", "claimstatus", "v1"), "*.proto"),
                // The HTTP annotations and HttpBody the contract imports.
                .. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "protos", "google", "api"), "*.proto"),
                .. Directory.GetFiles(Path.Combine(Example, "protos", "google", "rpc"), "*.proto"),
            ];
            var generate = await ChildProcess.RunAsync(protoc!,
                ["-I", Path.Combine(RepositoryRoot.Path, "protos"), "-I", Path.Combine(Example, "protos"), "-I", "/usr/include",
                 "--python_out", generated, .. protos], RepositoryRoot.Path, TimeSpan.FromMinutes(1));
            Assert.True(generate.ExitCode == 0, generate.Output);

            var hostPort = new Uri(server.Address).Authority;
            var run = await ChildProcess.RunAsync("/usr/bin/env", [$"PYTHONPATH={generated}", Python, Path.Combine(Example, "client.py"), hostPort],
                RepositoryRoot.Path, TimeSpan.FromMinutes(1));

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("\"status\": \"STATUS_CONFIRMED\"", run.Output);
            Assert.Contains("[\"claim_id\", ", run.Output);
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
        }
    }

    static async Task<string?> Which(string program)
    {
        var found = await ChildProcess.RunAsync("/usr/bin/env", ["sh", "-c", $"command -v {program}"], RepositoryRoot.Path, TimeSpan.FromSeconds(10));
        return found.ExitCode == 0 ? found.Output.Trim() : null;
    }
}
