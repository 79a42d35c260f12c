using ClaimStatus.Server.Tests.Storage;
using ClaimStatus.Cli.Scenario;
using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Whole scenario files through the real client and server: every expected status is met.
/// The repository's own samples always run; the shared scenarios beside the checkout run where present (CI).</summary>
public abstract class SeedScenarioTests
{
    /// <summary>A fresh server of the provider under test for each scenario.</summary>
    protected abstract ServerFixture NewServer();

    public static TheoryData<string> Scenarios()
    {
        var files = new TheoryData<string>
        {
            Path.Combine(RepositoryRoot.Path, "src", "ClaimStatus.Cli", "samples", "nk-troops-2024.json"),
            Path.Combine(RepositoryRoot.Path, "src", "ClaimStatus.Cli", "samples", "admissions-small.json"),
        };
        var shared = RepositoryRoot.SharedScenario("nk-troops-2024.json");
        if (File.Exists(shared)) files.Add(Path.GetFullPath(shared));
        return files;
    }

    [StoreTheory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_expectation_of_the_scenario_is_met(string path)
    {
        var server = NewServer();
        await server.InitializeAsync();
        try
        {
            var scenario = await ScenarioFile.LoadAsync(path, CancellationToken.None);
            Assert.NotEmpty(scenario.Expectations ?? []);
            await new ScenarioImporter(server.Client, ImportProgress.None).ImportAsync(scenario, withheld: null, CancellationToken.None);

            var failures = new List<string>();
            foreach (var e in scenario.Expectations!)
            {
                var got = await server.Client.GetStatusAsync(new GetStatusRequest { ClaimId = e!.Claim, AsOf = ScenarioMapping.Time(e.AsOf!) });
                var gotName = got.Status.ToString().ToUpperInvariant();
                if (gotName != e.Status) failures.Add($"{e.Claim} as of {e.AsOf}: expected {e.Status}, got {gotName} ({got.Reason})");
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

public sealed class SeedScenarioTestsOnSqlite : SeedScenarioTests
{
    protected override ServerFixture NewServer() => new();
}

[RequiresSqlServer]
public sealed class SeedScenarioTestsOnSqlServer : SeedScenarioTests
{
    protected override ServerFixture NewServer() => new SqlServerServerFixture();
}
