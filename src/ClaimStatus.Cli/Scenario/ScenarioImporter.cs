using ClaimStatus.Contracts.V1;
using Grpc.Core;

namespace ClaimStatus.Cli.Scenario;

public sealed record ImportSummary(int Sources, int Claims, int ClaimsCreated, long AssertionsRecorded, long AssertionsReplayed, int Adjudications);

/// <summary>
/// Sends a scenario file to a server: the one import used by import, check and evaluate. The whole
/// file is checked first (including ids it expects the server to have), so a bad file sends nothing.
/// </summary>
public sealed class ScenarioImporter(ClaimStatusService.ClaimStatusServiceClient client, ImportProgress progress)
{
    /// <summary>Assertions per stream message; the server accepts up to 10,000 and stores each batch atomically.</summary>
    public const int BatchSize = 1000;

    /// <summary>Claims per BatchCreateClaims call (the server takes up to 1,000); each call is one transaction.</summary>
    public const int ClaimBatchSize = 500;

    private const int ParallelCalls = 4;

    /// <param name="withheld">Claims whose adjudications are not sent (evaluate's held-out fold).</param>
    /// <exception cref="ScenarioInvalidException">The file is malformed or refers to ids the server does not have.</exception>
    public async Task<ImportSummary> ImportAsync(ScenarioFile file, IReadOnlySet<string>? withheld, CancellationToken ct)
    {
        await ValidateAsync(file, ct);

        var sources = file.Sources!.Select(s => ScenarioMapping.ToSource(s!)).ToList();
        await SendEachAsync("sources", sources, (source, token) => client.UpsertSourceAsync(new UpsertSourceRequest { Source = source }, cancellationToken: token).ResponseAsync, ct);

        // The server returns the stored claim for an identical replay and ALREADY_EXISTS for a different one
        // (and then stores nothing of that batch).
        var claims = file.Claims!.Select(c => ScenarioMapping.ToClaim(c!)).ToList();
        var claimsCreated = await SendClaimsAsync(claims, ct);

        var (recorded, replayed) = await SendAssertionsAsync(file.Assertions!.Select(a => ScenarioMapping.ToAssertion(a!)).ToList(), ct);

        var adjudications = (file.Adjudications ?? [])
            .Where(j => withheld is null || !withheld.Contains(j!.Claim!))
            .Select(j => ScenarioMapping.ToAdjudication(j!))
            .ToList();
        await SendEachAsync("adjudications", adjudications, (adjudication, token) => client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = adjudication }, cancellationToken: token).ResponseAsync, ct);

        return new ImportSummary(Sources: sources.Count, Claims: claims.Count, ClaimsCreated: claimsCreated, AssertionsRecorded: recorded,
            AssertionsReplayed: replayed, Adjudications: adjudications.Count);
    }

    /// <summary>The file's own checks, then a lookup of every id it uses without defining.</summary>
    public async Task ValidateAsync(ScenarioFile file, CancellationToken ct)
    {
        var check = ScenarioValidator.Validate(file, DateTimeOffset.UtcNow);
        // A file with errors of its own is not worth a round trip; its ids may be the broken ones.
        if (check.Errors.Count > 0) throw new ScenarioInvalidException(check.Errors);
        var errors = new List<ScenarioError>();
        var missing = new Dictionary<(bool, string), bool>();
        foreach (var reference in check.External)
        {
            var key = (reference.IsClaim, reference.Id);
            if (!missing.TryGetValue(key, out var isMissing))
                missing[key] = isMissing = !await ExistsAsync(reference, ct);
            if (isMissing)
            {
                var what = reference.IsClaim ? "claim" : "source";
                errors.Add(new ScenarioError(reference.Field, $"{what} \"{reference.Id}\" is neither in the file nor stored on the server"));
            }
        }
        if (errors.Count > 0) throw new ScenarioInvalidException(errors);
    }

    private async Task<bool> ExistsAsync(ExternalReference reference, CancellationToken ct)
    {
        try
        {
            if (reference.IsClaim) await client.GetClaimAsync(new GetClaimRequest { Id = reference.Id }, cancellationToken: ct);
            else await client.GetSourceAsync(new GetSourceRequest { Id = reference.Id }, cancellationToken: ct);
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// One unary call per item, a few in flight at once: the items are independent of each other, and
    /// waiting out each round trip in turn is most of an import's time.
    /// </summary>
    private async Task SendEachAsync<T>(string what, List<T> items, Func<T, CancellationToken, Task> send, CancellationToken ct)
    {
        if (items.Count == 0) return;
        progress.Start(what, items.Count);
        var done = 0;
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls, CancellationToken = ct };
            await Parallel.ForEachAsync(items, options, async (item, token) =>
            {
                await send(item, token);
                lock (progress) progress.Report(++done);
            });
        }
        finally
        {
            progress.Finish();
        }
    }

    /// <summary>Claims in batches, one after the other: each batch is one write and one rescoring on the
    /// server, where a call per claim paid both, and a round trip, for every claim.</summary>
    /// <summary>Sends the claims in batches; how many the server created (the rest were stored already).</summary>
    private async Task<int> SendClaimsAsync(List<Claim> claims, CancellationToken ct)
    {
        if (claims.Count == 0) return 0;
        var created = 0;
        progress.Start("claims", claims.Count);
        try
        {
            for (var start = 0; start < claims.Count; start += ClaimBatchSize)
            {
                var batch = new BatchCreateClaimsRequest();
                batch.Requests.AddRange(claims.Skip(start).Take(ClaimBatchSize).Select(c => new CreateClaimRequest { Claim = c }));
                created += (await client.BatchCreateClaimsAsync(batch, cancellationToken: ct)).CreatedCount;
                progress.Report(start + batch.Requests.Count);
            }
        }
        finally
        {
            progress.Finish();
        }
        return created;
    }

    private async Task<(long Recorded, long Replayed)> SendAssertionsAsync(List<Assertion> assertions, CancellationToken ct)
    {
        if (assertions.Count == 0) return (0, 0);
        using var call = client.RecordAssertions(cancellationToken: ct);
        progress.Start("assertions", assertions.Count);
        try
        {
            for (var start = 0; start < assertions.Count; start += BatchSize)
            {
                var batch = new RecordAssertionsRequest();
                batch.Assertions.AddRange(assertions.Skip(start).Take(BatchSize));
                await call.RequestStream.WriteAsync(batch, ct);
                progress.Report(start + batch.Assertions.Count);
            }
            await call.RequestStream.CompleteAsync();
            var response = await call;
            return (response.Recorded, response.Replayed);
        }
        finally
        {
            progress.Finish();
        }
    }
}
