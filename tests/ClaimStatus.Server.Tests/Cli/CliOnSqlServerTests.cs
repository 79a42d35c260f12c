using ClaimStatus.Cli;
using ClaimStatus.Server.Tests.Grpc;
using ClaimStatus.Server.Tests.Storage;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>The CLI against a server started with Storage:Provider=SqlServer, on its own database of the server named
/// by CLAIMSTATUS_TEST_SQLSERVER: the seed scenario and the samples check as they do on SQLite.</summary>
[RequiresSqlServer]
public sealed class CliOnSqlServerTests(SqlServerServerFixture server) : IClassFixture<SqlServerServerFixture>
{
    Task<CliRun> Run(params string[] args) => CliRun.RunAsync([.. args, "--server", server.Address]);

    [StoreFact]
    public async Task Check_passes_the_seed_scenario_and_the_samples_and_a_second_import_only_replays()
    {
        var seed = await Run("check", CliRun.Sample("nk-troops-2024.json"));
        Assert.Equal("6 passed, 0 failed", seed.Lines[^1]);
        Assert.Equal(ExitCodes.Ok, seed.ExitCode);

        var admissions = await Run("check", CliRun.Sample("admissions-small.json"));
        Assert.Equal("3 passed, 0 failed", admissions.Lines[^1]);
        Assert.Equal(ExitCodes.Ok, admissions.ExitCode);

        var again = await Run("import", CliRun.Sample("nk-troops-2024.json"));
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Contains("assertions 0 recorded / 20 replayed", again.Out);
    }
}
