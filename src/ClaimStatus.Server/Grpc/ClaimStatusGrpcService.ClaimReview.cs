using ClaimStatus.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

public sealed partial class ClaimStatusGrpcService
{
    public async Task<Google.Api.HttpBody> GetClaimReview(GetClaimReviewRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("claim_id", request.ClaimId);
        v.Time("as_of", request.AsOf, clock.GetUtcNow(), required: false, notInFuture: false);
        v.ThrowIfInvalid();

        var claim = await store.GetClaimAsync(request.ClaimId, context.CancellationToken);
        if (claim is null) RequestErrors.NotFound("claim", request.ClaimId);
        // The FULL report: its contributions are the assertions observed by as_of, so the first appearance agrees with the rating.
        var reports = await statusReader.ReadAsync([request.ClaimId], request.AsOf?.ToDateTimeOffset(), full: true, context.CancellationToken);
        var report = reports[request.ClaimId];
        var earliest = report.Contributions.OrderBy(c => c.ObservedAt.ToDateTimeOffset()).ThenBy(c => c.AssertionId).FirstOrDefault();
        (Contribution, Source?)? first = null;
        if (earliest is not null)
        {
            var source = await store.GetSourceAsync(earliest.SourceId, context.CancellationToken);
            first = (earliest, source is null ? null : Mapping.ToContract(source, learned: null));
        }
        var options = claimReviewOptions.Value;
        var json = ClaimReviews.Build(Mapping.ToContract(claim!), report, first, ReviewUrl(context, options, claim!.Id), options);
        return new Google.Api.HttpBody { ContentType = ClaimReviews.ContentType, Data = ByteString.CopyFrom(json) };
    }

    static string ReviewUrl(ServerCallContext context, ClaimReviewOptions options, string claimId)
    {
        var path = "/v1/claims/" + Uri.EscapeDataString(claimId) + "/claimreview";
        if (!string.IsNullOrEmpty(options.BaseUrl)) return options.BaseUrl.TrimEnd('/') + path;
        var http = context.GetHttpContext().Request;
        return $"{http.Scheme}://{http.Host}{path}";
    }
}
