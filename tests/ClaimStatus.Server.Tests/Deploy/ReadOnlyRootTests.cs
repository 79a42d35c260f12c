using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClaimStatus.Contracts.V1;
using Grpc.Net.Client;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Deploy;

/// <summary>The published server as the container runs it, without Docker: the image's non-root user (uid 1654) in a
/// mount namespace where the whole file system is read-only except the data folder (Kubernetes'
/// readOnlyRootFilesystem with the data volume). Needs root, to make the namespace; the CI runs as root.</summary>
public sealed class ReadOnlyRootTests
{
    const int AppUser = 1654;

    [Fact]
    public async Task The_published_server_runs_as_its_user_on_a_read_only_file_system_writing_only_its_data_folder()
    {
        Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root",
            "this test makes a mount namespace and drops to uid 1654, which needs root");
        var folder = Directory.CreateTempSubdirectory("claimstatus-readonly-").FullName;
        try
        {
            var app = Path.Combine(folder, "app");
            var data = Path.Combine(folder, "data");
            Directory.CreateDirectory(data);
            var (published, output) = await ChildProcess.RunAsync("dotnet",
                ["publish", Path.Combine(RepositoryRoot.Path, "src", "ClaimStatus.Server"), "--no-build", "-c", BuildConfiguration, "-o", app, "-nologo"],
                RepositoryRoot.Path, TimeSpan.FromMinutes(3));
            Assert.True(published == 0, output);
            // The app folder belongs to root, readable by all (as the image's /app); the data folder to the app user.
            Assert.Equal(0, (await ChildProcess.RunAsync("chmod", ["755", folder], folder, TimeSpan.FromSeconds(10))).ExitCode);
            Assert.Equal(0, (await ChildProcess.RunAsync("chown", [$"{AppUser}:{AppUser}", data], folder, TimeSpan.FromSeconds(10))).ExitCode);

            var port = LoopbackPort.Free();
            // Every mount the user could write to (/, /tmp, /dev/shm, /var/tmp where they are mounts of their own)
            // is made read-only; the data folder, bound onto itself first, stays a writable mount of its own.
            var script = $"""
                mount --bind '{data}' '{data}'
                for m in / /tmp /var/tmp /dev/shm; do mountpoint -q "$m" && mount -o remount,bind,ro "$m"; done
                export HOME='{app}'
                exec setpriv --reuid {AppUser} --regid {AppUser} --clear-groups dotnet '{app}/ClaimStatus.Server.dll' --Urls http://127.0.0.1:{port} --Storage:DataFolder '{data}'
                """;
            var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = app };
            foreach (var arg in new[] { "--mount", "--propagation", "private", "sh", "-ec", script }) start.ArgumentList.Add(arg);
            using var server = Process.Start(start)!;
            var stdout = server.StandardOutput.ReadToEndAsync();
            var stderr = server.StandardError.ReadToEndAsync();
            Exception? failed = null;
            try
            {
                using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
                var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
                var claim = NewId("claim");
                await CallWhenUpAsync(server, () => client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) }).ResponseAsync);
                await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source("src", Reliability.A, "g") });
                await client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, "src", Stance.Supports, Day) });
                var status = await client.GetStatusAsync(new GetStatusRequest { ClaimId = claim });
                Assert.Equal(1, status.AssertionsUsed);
            }
            catch (Exception e)
            {
                failed = e;
            }
            finally
            {
                if (!server.HasExited) server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            var log = await stdout + await stderr;
            if (failed is not null) throw new Xunit.Sdk.XunitException($"{failed.Message}\nserver output:\n{log}");
            Assert.True(File.Exists(Path.Combine(data, "claimstatus.db")), log);
            Assert.All(Directory.GetFiles(data), f => Assert.Equal(AppUser, OwnerOf(f)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    static int OwnerOf(string file) => int.Parse(
        ChildProcess.RunAsync("stat", ["-c", "%u", file], Path.GetTempPath(), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult().Output.Trim(),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Retries the first call while the server starts (at most 30 s), failing at once if it exits.</summary>
    static async Task CallWhenUpAsync(Process server, Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, "the server exited on the read-only file system");
            try
            {
                await call();
                return;
            }
            catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.Unavailable && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200);
            }
        }
    }
}
