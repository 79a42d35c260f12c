using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Statuses;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

public sealed partial class ClaimStatusGrpcService
{
    const int MaxBatchStatus = 1000;

    // FULL replies carry contributions a page at a time: a claim with 26,000 assertions would otherwise be a 5 MB reply.
    const int DefaultContributionsPage = 100, MaxContributionsPage = 1000;
    const int DefaultBatchContributions = 20, MaxBatchContributions = 100;
    const int MaxBatchReplyBytes = 4 * 1024 * 1024;

    public async Task<StatusReport> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("claim_id", request.ClaimId);
        v.Time("as_of", request.AsOf, clock.GetUtcNow(), required: false, notInFuture: false);
        v.Enum("view", request.View, required: false);
        var pageSize = v.Count("contributions_page_size", request.ContributionsPageSize, DefaultContributionsPage, MaxContributionsPage);
        var page = v.PageToken("contributions_page_token", request.ContributionsPageToken,
            t => PageTokens.DecodeContributions(request.ClaimId, t));
        v.ThrowIfInvalid();

        // A contributions page token continues a FULL reply (its own or a batch's) as of that reply's time, so it
        // implies the FULL view and reads in the past.
        var asOf = page?.AsOf ?? request.AsOf?.ToDateTimeOffset();
        var full = request.View == StatusView.Full || page is not null;
        var reports = await statusReader.ReadAsync([request.ClaimId], asOf, full, context.CancellationToken);
        if (!reports.TryGetValue(request.ClaimId, out var report)) RequestErrors.NotFound("claim", request.ClaimId);
        return full ? Page(report!, page?.Offset ?? 0, pageSize) : report!;
    }

    public async Task<BatchGetStatusResponse> BatchGetStatus(BatchGetStatusRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (request.ClaimIds.Count == 0) v.Fail("claim_ids", "is required");
        if (request.ClaimIds.Count > MaxBatchStatus) v.Fail("claim_ids", $"must have at most {MaxBatchStatus} items");
        for (var i = 0; i < request.ClaimIds.Count && i < MaxBatchStatus; i++) v.Id($"claim_ids[{i}]", request.ClaimIds[i]);
        v.Time("as_of", request.AsOf, clock.GetUtcNow(), required: false, notInFuture: false);
        v.Enum("view", request.View, required: false);
        var pageSize = v.Count("contributions_page_size", request.ContributionsPageSize, DefaultBatchContributions, MaxBatchContributions);
        v.ThrowIfInvalid();

        var full = request.View == StatusView.Full;
        var reports = await statusReader.ReadAsync(request.ClaimIds, request.AsOf?.ToDateTimeOffset(), full, context.CancellationToken);
        var missing = request.ClaimIds.FirstOrDefault(id => !reports.ContainsKey(id));
        if (missing is not null) RequestErrors.NotFound("claim", missing);

        var response = new BatchGetStatusResponse();
        var bytes = 0;
        foreach (var id in request.ClaimIds)
        {
            // A claim asked for twice gets two copies: its page is cut from the report, not in it.
            var report = full ? Page(reports[id].Clone(), 0, pageSize) : reports[id];
            bytes += report.CalculateSize();
            if (bytes > MaxBatchReplyBytes)
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted,
                    $"the reply would exceed {MaxBatchReplyBytes / (1024 * 1024)} MiB; ask for fewer claims, fewer contributions or the BASIC view"));
            response.Statuses.Add(report);
        }
        return response;
    }

    /// <summary>Cuts a FULL report (every contribution) down to one page of contributions, with the token of the next.</summary>
    static StatusReport Page(StatusReport report, int offset, int pageSize)
    {
        var total = report.Contributions.Count;
        var start = Math.Min(offset, total);
        var end = Math.Min(start + pageSize, total);
        if (start > 0 || end < total)
        {
            var page = report.Contributions.Skip(start).Take(end - start).ToList();
            report.Contributions.Clear();
            report.Contributions.AddRange(page);
        }
        if (end < total) report.NextContributionsPageToken = PageTokens.EncodeContributions(report.ClaimId, report.AsOf.ToDateTimeOffset(), end);
        return report;
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
