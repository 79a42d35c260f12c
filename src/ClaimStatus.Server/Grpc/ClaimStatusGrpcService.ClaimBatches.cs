using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Storage;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

public sealed partial class ClaimStatusGrpcService
{
    /// <summary>Claims per BatchCreateClaims call, as the contract documents.</summary>
    public const int MaxBatchClaims = 1000;

    /// <summary>CreateClaim for many claims at once, all or nothing: the same checks per claim, one
    /// transaction, one rescoring of the new claims.</summary>
    public async Task<BatchCreateClaimsResponse> BatchCreateClaims(BatchCreateClaimsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var requests = request.Requests;
        if (requests.Count == 0) v.Fail("requests", "is required");
        if (requests.Count > MaxBatchClaims) v.Fail("requests", $"must have at most {MaxBatchClaims} items");
        var firstOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count && i < MaxBatchClaims; i++)
        {
            var c = requests[i].Claim;
            ValidateClaim(v, $"requests[{i}].claim", c);
            // One request cannot ask for two different claims under one id; the same one twice is a replay.
            if (c is null || firstOfId.TryAdd(c.Id, i)) continue;
            var j = firstOfId[c.Id];
            if (!StoreRules.SameContent(Mapping.ToNew(c), Mapping.ToNew(requests[j].Claim)))
                v.Fail($"requests[{i}].claim.id", $"repeats the id of requests[{j}] with different text, topics, parties or harmed parties");
        }
        v.ThrowIfInvalid();

        IReadOnlyList<(ClaimRecord Claim, bool Created)> stored;
        var recorder = Recorder(context);
        try
        {
            stored = await store.CreateClaimsAsync([.. requests.Select(r => Mapping.ToNew(r.Claim, recorder))], context.CancellationToken);
        }
        catch (StoreConflictException ex)
        {
            // The store names the item "[i].id".
            RequestErrors.AlreadyExists("requests" + ex.Field.Replace("].id", "].claim.id", StringComparison.Ordinal), ex.Message);
            throw;
        }

        var created = stored.Where(s => s.Created).Select(s => s.Claim.Id).ToList();
        // The rescoring stores each new claim's first status; the reply carries it, as CreateClaim's re-read does.
        var verdicts = (await rescoreQueue.AfterWriteAsync(created))
            .ToDictionary(a => a.ClaimId, a => a.Verdict, StringComparer.Ordinal);
        var response = new BatchCreateClaimsResponse { CreatedCount = created.Count };
        response.Claims.AddRange(stored.Select(s => Mapping.ToContract(
            verdicts.TryGetValue(s.Claim.Id, out var verdict) ? s.Claim with { Status = verdict } : s.Claim)));
        return response;
    }
}
