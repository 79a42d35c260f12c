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

    public async Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (request.ClaimIds.Count == 0 && request.Topic.Length == 0) v.Fail("claim_ids", "give claim ids or a topic");
        if (request.ClaimIds.Count > 0 && request.Topic.Length > 0) v.Fail("topic", "give claim ids or a topic, not both");
        if (request.ClaimIds.Count > MaxBatchStatus) v.Fail("claim_ids", $"must have at most {MaxBatchStatus} items");
        for (var i = 0; i < request.ClaimIds.Count && i < MaxBatchStatus; i++) v.Id($"claim_ids[{i}]", request.ClaimIds[i]);
        v.Id("topic", request.Topic, required: false);
        v.ThrowIfInvalid();

        var ct = context.CancellationToken;
        // Subscribe before reading current statuses, so no change falls between the two.
        using var subscription = await feed.SubscribeAsync(ct);

        var topic = request.Topic.Length == 0 ? null : request.Topic;
        var watched = new HashSet<string>(
            topic is null ? request.ClaimIds : await store.ClaimIdsWithTopicAsync(topic, ct), StringComparer.Ordinal);
        var initial = await assessor.AssessAsync([.. watched], clock.GetUtcNow(), ct);
        if (topic is null && initial.Count != watched.Count)
            RequestErrors.NotFound("claim", watched.First(id => initial.All(a => a.ClaimId != id)));
        foreach (var assessment in initial)
            await responseStream.WriteAsync(new WatchStatusResponse { Status = Mapping.ToContract(assessment, full: false) }, ct);

        var ignored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var transition in subscription.Reader.ReadAllAsync(ct))
        {
            if (!watched.Contains(transition.ClaimId))
            {
                // Claims created after the watch began join it when they carry the topic.
                if (topic is null || ignored.Contains(transition.ClaimId)) continue;
                var claim = await store.GetClaimAsync(transition.ClaimId, ct);
                if (claim is null || !claim.Topics.Contains(topic)) { ignored.Add(transition.ClaimId); continue; }
                watched.Add(transition.ClaimId);
            }
            var current = await assessor.AssessAsync([transition.ClaimId], clock.GetUtcNow(), ct);
            if (current.Count == 0) continue;
            await responseStream.WriteAsync(new WatchStatusResponse
            {
                Status = Mapping.ToContract(current[0], full: false),
                Transition = Mapping.ToContract(transition),
            }, ct);
        }
    }
}
