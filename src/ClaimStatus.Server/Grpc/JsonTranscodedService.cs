using ClaimStatus.Contracts.V1;
using Grpc.Core;
using Base = ClaimStatus.Contracts.V1.ClaimStatusService.ClaimStatusServiceBase;

namespace ClaimStatus.Server.Grpc;

/// <summary>The contract's HTTP/JSON routes (the google.api.http options in the proto) over the one real service.
/// JSON transcoding finds methods only on a class derived from the generated base, which
/// <see cref="ClaimStatusGrpcService"/> is not (see <see cref="StrictMessageBinding"/>); this class is, and only
/// forwards. Its own gRPC routes repeat the real service's and are mapped after them (ServerApp), so gRPC calls never
/// reach it. The same interceptors run for a JSON call as for a gRPC one: authentication, scopes, limits, errors.
/// RecordAssertions (client streaming) has no HTTP mapping: HTTP/JSON callers record one assertion per call.</summary>
public sealed class JsonTranscodedService(ClaimStatusGrpcService service) : Base
{
    public override Task<Source> UpsertSource(UpsertSourceRequest request, ServerCallContext context) => service.UpsertSource(request, context);
    public override Task<Source> GetSource(GetSourceRequest request, ServerCallContext context) => service.GetSource(request, context);
    public override Task<ListSourcesResponse> ListSources(ListSourcesRequest request, ServerCallContext context) => service.ListSources(request, context);
    public override Task<Claim> CreateClaim(CreateClaimRequest request, ServerCallContext context) => service.CreateClaim(request, context);
    public override Task<BatchCreateClaimsResponse> BatchCreateClaims(BatchCreateClaimsRequest request, ServerCallContext context) => service.BatchCreateClaims(request, context);
    public override Task<Claim> GetClaim(GetClaimRequest request, ServerCallContext context) => service.GetClaim(request, context);
    public override Task<ListClaimsResponse> ListClaims(ListClaimsRequest request, ServerCallContext context) => service.ListClaims(request, context);
    public override Task<RecordAssertionResponse> RecordAssertion(RecordAssertionRequest request, ServerCallContext context) => service.RecordAssertion(request, context);
    public override Task<ListAssertionsResponse> ListAssertions(ListAssertionsRequest request, ServerCallContext context) => service.ListAssertions(request, context);
    public override Task<Adjudication> RecordAdjudication(RecordAdjudicationRequest request, ServerCallContext context) => service.RecordAdjudication(request, context);
    public override Task<ListAdjudicationsResponse> ListAdjudications(ListAdjudicationsRequest request, ServerCallContext context) => service.ListAdjudications(request, context);
    public override Task<StatusReport> GetStatus(GetStatusRequest request, ServerCallContext context) => service.GetStatus(request, context);
    public override Task<BatchGetStatusResponse> BatchGetStatus(BatchGetStatusRequest request, ServerCallContext context) => service.BatchGetStatus(request, context);
    public override Task<ListStatusTransitionsResponse> ListStatusTransitions(ListStatusTransitionsRequest request, ServerCallContext context) => service.ListStatusTransitions(request, context);
    public override Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context) => service.WatchStatus(request, responseStream, context);
    public override Task<global::Google.Api.HttpBody> GetClaimReview(GetClaimReviewRequest request, ServerCallContext context) => service.GetClaimReview(request, context);
}
