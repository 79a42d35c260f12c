using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Statuses;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

public sealed partial class ClaimStatusGrpcService
{
    const int MaxBatchStatus = 1000;

    public async Task<StatusReport> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("claim_id", request.ClaimId);
        v.Time("as_of", request.AsOf, clock.GetUtcNow(), required: false, notInFuture: false);
        v.Enum("view", request.View, required: false);
        v.ThrowIfInvalid();

        var asOf = request.AsOf?.ToDateTimeOffset() ?? clock.GetUtcNow();
        var assessed = await assessor.AssessAsync([request.ClaimId], asOf, context.CancellationToken);
        if (assessed.Count == 0) RequestErrors.NotFound("claim", request.ClaimId);
        return Mapping.ToContract(assessed[0], full: request.View != StatusView.Basic);
    }

    public async Task<BatchGetStatusResponse> BatchGetStatus(BatchGetStatusRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (request.ClaimIds.Count == 0) v.Fail("claim_ids", "is required");
        if (request.ClaimIds.Count > MaxBatchStatus) v.Fail("claim_ids", $"must have at most {MaxBatchStatus} items");
        for (var i = 0; i < request.ClaimIds.Count && i < MaxBatchStatus; i++) v.Id($"claim_ids[{i}]", request.ClaimIds[i]);
        v.Time("as_of", request.AsOf, clock.GetUtcNow(), required: false, notInFuture: false);
        v.Enum("view", request.View, required: false);
        v.ThrowIfInvalid();

        var asOf = request.AsOf?.ToDateTimeOffset() ?? clock.GetUtcNow();
        var ids = request.ClaimIds.Distinct(StringComparer.Ordinal).ToList();
        var assessed = (await assessor.AssessAsync(ids, asOf, context.CancellationToken)).ToDictionary(a => a.ClaimId, StringComparer.Ordinal);
        var missing = ids.FirstOrDefault(id => !assessed.ContainsKey(id));
        if (missing is not null) RequestErrors.NotFound("claim", missing);

        var response = new BatchGetStatusResponse();
        foreach (var id in request.ClaimIds) response.Statuses.Add(Mapping.ToContract(assessed[id], full: request.View == StatusView.Full));
        return response;
    }

    public async Task<ListStatusTransitionsResponse> ListStatusTransitions(ListStatusTransitionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("claim_id", request.ClaimId);
        var size = v.PageSize("page_size", request.PageSize);
        var after = v.PageToken("page_token", request.PageToken, t => PageTokens.DecodeLong("transitions:" + request.ClaimId, t));
        v.ThrowIfInvalid();

        await RequireClaimAsync(request.ClaimId, context.CancellationToken);
        var page = await store.ListTransitionsAsync(request.ClaimId, after, size + 1, context.CancellationToken);
        var response = new ListStatusTransitionsResponse();
        response.Transitions.AddRange(page.Take(size).Select(Mapping.ToContract));
        response.NextPageToken = PageTokens.Next(page, size, "transitions:" + request.ClaimId, t => t.Id);
        return response;
    }
}
