using ClaimStatus.Server.Security;
using ClaimStatus.Contracts.V1;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

public sealed partial class ClaimStatusGrpcService
{
    public async Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (request.ClaimIds.Count == 0 && request.Topic.Length == 0) v.Fail("claim_ids", "give claim ids or a topic");
        if (request.ClaimIds.Count > 0 && request.Topic.Length > 0) v.Fail("topic", "give claim ids or a topic, not both");
        if (request.ClaimIds.Count > MaxBatchStatus) v.Fail("claim_ids", $"must have at most {MaxBatchStatus} items");
        for (var i = 0; i < request.ClaimIds.Count && i < MaxBatchStatus; i++) v.Id($"claim_ids[{i}]", request.ClaimIds[i]);
        v.Id("topic", request.Topic, required: false);
        if (request.ResumeAfter < 0) v.Fail("resume_after", "must not be negative");
        v.ThrowIfInvalid();

        if (watchStreams.Stopping.IsCancellationRequested) throw ShuttingDown();
        var caller = Callers.Name(context);
        using var lease = watchStreams.TryOpen(caller, out var refusal)
            ?? throw new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted, refusal));
        // The stream also ends when the host starts to stop, while its connection can still carry a status.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, watchStreams.Stopping);
        try
        {
            // Subscribe before reading anything, so no change falls between the reads and the live feed.
            using var subscription = await feed.SubscribeAsync(ending.Token);
            var session = new WatchSession(store, statusReader, claimTopics, watchStreams.Options, responseStream,
                request.Topic.Length == 0 ? null : request.Topic);
            await session.RunAsync(request.ClaimIds, request.ResumeAfter, subscription, ending.Token);
        }
        catch (Exception ex) when (ex is not RpcException && watchStreams.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
        // The feed only ends when the host stops.
        throw ShuttingDown();
    }

    static RpcException ShuttingDown() =>
        new(new global::Grpc.Core.Status(StatusCode.Unavailable, "server shutting down; reconnect with resume_after"));
}
