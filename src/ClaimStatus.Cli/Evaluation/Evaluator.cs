using ClaimStatus.Cli.Scenario;
using ClaimStatus.Contracts.V1;
using Grpc.Net.Client;

namespace ClaimStatus.Cli.Evaluation;

/// <summary>
/// Scores held-out claims through the real server on a throwaway database and compares the answers
/// with the expectations. Held-out adjudications are never sent, and expected statuses are read only
/// after every answer is in.
/// </summary>
public sealed class Evaluator(TextWriter log)
{
    private const int ParallelCalls = 4;

    public async Task<Metrics> TrainTestAsync(ScenarioFile train, ScenarioFile test, CancellationToken ct)
    {
        await using var server = await EmbeddedServer.StartAsync(ct);
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
        var importer = new ScenarioImporter(client, ImportProgress.None);

        log.WriteLine($"train: {Text(await importer.ImportAsync(train, withheld: null, ct))}");
        log.WriteLine($"test: {Text(await importer.ImportAsync(test with { Adjudications = null, Expectations = null }, withheld: null, ct))}");
        var expectations = (test.Expectations ?? []).Select(e => e!).ToList();
        var got = await ScoreAsync(client, expectations, ct);
        return new Metrics(expectations.Select((e, i) => (ScenarioNames.Status.Parse(e.Status!), got[i])));
    }

    public async Task<Metrics> FoldsAsync(ScenarioFile file, int folds, CancellationToken ct)
    {
        var claimIds = file.Claims!.Select(c => c!.Id!).ToList();
        var outcomes = new List<(Status, Status)>();
        for (var fold = 0; fold < folds; fold++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var heldOut = claimIds.Where((_, i) => i % folds == fold).ToHashSet(StringComparer.Ordinal);
            await using var server = await EmbeddedServer.StartAsync(ct);
            using var channel = GrpcChannel.ForAddress(server.Address);
            var client = new ClaimStatusService.ClaimStatusServiceClient(channel);
            var summary = await new ScenarioImporter(client, ImportProgress.None).ImportAsync(file with { Expectations = null }, heldOut, ct);

            var expectations = (file.Expectations ?? []).Select(e => e!).Where(e => heldOut.Contains(e.Claim!)).ToList();
            var got = await ScoreAsync(client, expectations, ct);
            outcomes.AddRange(expectations.Select((e, i) => (ScenarioNames.Status.Parse(e.Status!), got[i])));
            log.WriteLine($"fold {fold + 1}/{folds}: {heldOut.Count} held-out claims, {expectations.Count} expectations scored in {started.Elapsed.TotalSeconds:0.0} s; {Text(summary)}");
        }
        return new Metrics(outcomes);
    }

    /// <summary>Each expectation's claim as of its time; only claim and as_of are read here.</summary>
    private static async Task<Status[]> ScoreAsync(ClaimStatusService.ClaimStatusServiceClient client, List<ScenarioExpectation> expectations, CancellationToken ct)
    {
        var got = new Status[expectations.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, expectations.Count), options, async (i, token) =>
        {
            var request = new GetStatusRequest { ClaimId = expectations[i].Claim!, AsOf = ScenarioMapping.Time(expectations[i].AsOf!), View = StatusView.Basic };
            got[i] = (await client.GetStatusAsync(request, cancellationToken: token)).Status;
        });
        return got;
    }

    private static string Text(ImportSummary summary) => Output.Text.Summary(summary);
}
