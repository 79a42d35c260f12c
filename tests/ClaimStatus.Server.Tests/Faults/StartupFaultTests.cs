using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Storage;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace ClaimStatus.Server.Tests.Faults;

/// <summary>What the server refuses to start on, and how it says so: one line, a non-zero exit, no stack trace.</summary>
public sealed class StartupFaultTests : IDisposable
{
    readonly string _folder = FaultServer.NewDataFolder();

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    static void AssertOneLineRefusal((int ExitCode, string Out, string Error) run, string expected)
    {
        Assert.Equal(2, run.ExitCode); // not 134 (an abort on an unhandled exception)
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("claimstatus: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", run.Out + run.Error);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_start_up_with_one_line()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "claimstatus.db"), Garbage(16384, seed: 1));
        var run = await FaultServer.RunProcessAsync(_folder, TimeSpan.FromSeconds(60));
        AssertOneLineRefusal(run, "is not a SQLite database (or is encrypted); refusing to start");
    }

    [Fact, System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_data_folder_the_user_may_not_write_fails_start_up_with_one_line_naming_it_and_the_user()
    {
        // Root's, and not writable by others: a volume mounted for a container whose user is not root. The folder is
        // given relative to the server's working directory (the temporary folder), which is what it resolves against.
        Directory.CreateDirectory(_folder);
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var run = await FaultServer.RunProcessAsync(Path.GetFileName(_folder), TimeSpan.FromSeconds(60), user: "nobody");
        AssertOneLineRefusal(run, $"the data folder {_folder} is not writable by user nobody; refusing to start");
    }

    [Fact]
    public async Task The_data_folder_is_resolved_against_the_working_directory_and_printed_at_start_up_in_json_if_asked()
    {
        var database = Path.Combine(_folder, "claimstatus.db");
        var run = await FaultServer.RunProcessAsync(Path.GetFileName(_folder), TimeSpan.FromSeconds(60), until: database,
            settings: ["--Logging:Console:FormatterName", "json"]);
        Assert.True(run.ExitCode == -1, $"the server exited ({run.ExitCode}): {run.Error}");
        var line = Assert.Single(run.Out.Split('\n'), l => l.Contains(database, StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal($"Storage: SQLite database {database}", json.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task Under_dotnet_run_the_data_folder_resolves_where_the_command_was_typed()
    {
        // The Web SDK would run the server in its project folder (EnableDefaultRunWorkingDirectory); the project turns
        // that off. A file that is not a database makes the server say which path it resolved, and stop.
        Directory.CreateDirectory(_folder);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "claimstatus.db"), Garbage(16384, seed: 4));
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))); // bin/<configuration>/net10.0
        var (exitCode, output) = await ChildProcess.RunAsync("dotnet",
            ["run", "--project", Path.Combine(RepositoryRoot.Path, "src", "ClaimStatus.Server"), "--no-build", "-c", configuration!, "--",
             "--Urls", "http://127.0.0.1:0", "--Storage:DataFolder", Path.GetFileName(_folder)],
            Path.GetTempPath(), TimeSpan.FromSeconds(120));
        Assert.True(exitCode == 2, output);
        Assert.Contains($"claimstatus: {Path.Combine(_folder, "claimstatus.db")} is not a SQLite database", output);
    }

    [Fact]
    public async Task A_corrupt_database_fails_start_up_with_one_line()
    {
        await using (var server = await FaultServer.StartAsync(_folder))
            await CreateClaimsAsync(server.Client, 400);
        // The header stays valid; the pages after it (table and index b-trees) become noise.
        await using (var file = new FileStream(Path.Combine(_folder, "claimstatus.db"), FileMode.Open, FileAccess.Write))
        {
            Assert.True(file.Length > 8 * 4096, $"the database is only {file.Length} bytes");
            file.Position = 2 * 4096;
            await file.WriteAsync(Garbage((int)file.Length - 2 * 4096, seed: 2));
        }
        var run = await FaultServer.RunProcessAsync(_folder, TimeSpan.FromSeconds(60));
        AssertOneLineRefusal(run, "is corrupt");
    }

    [Fact]
    public async Task A_missing_database_where_one_was_created_is_refused_unless_creation_is_allowed()
    {
        await using (var server = await FaultServer.StartAsync(_folder))
            await CreateClaimsAsync(server.Client, 10);
        File.Delete(Path.Combine(_folder, "claimstatus.db"));

        var refused = await Assert.ThrowsAsync<StorageStartupException>(() => FaultServer.StartAsync(_folder));
        Assert.Contains("is missing", refused.Message);
        Assert.Contains("Storage:AllowCreate=true", refused.Message);

        await using var allowed = await FaultServer.StartAsync(_folder, ("Storage:AllowCreate", "true"));
        Assert.Equal(ServingStatus.Serving, await allowed.StatusAsync());
    }

    [Fact]
    public async Task A_fresh_folder_gets_a_database_and_its_marker()
    {
        await using var server = await FaultServer.StartAsync(_folder);
        Assert.Equal(ServingStatus.Serving, await server.StatusAsync());
        Assert.True(File.Exists(Path.Combine(_folder, "claimstatus.db.created")));
    }

    internal static async Task CreateClaimsAsync(ClaimStatusService.ClaimStatusServiceClient client, int count)
    {
        var request = new BatchCreateClaimsRequest();
        for (var i = 0; i < count; i++)
            request.Requests.Add(new CreateClaimRequest { Claim = new Claim { Id = $"claim-{i:D5}", Text = $"Claim number {i} with some text to fill the pages {new string('x', 200)}" } });
        await client.BatchCreateClaimsAsync(request);
    }

    internal static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
