using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

/// <summary>The gRPC surface. Each method: validate, call the store and the engine, map the reply.
/// Split by area: sources and claims here, evidence and status in the other parts.</summary>
public sealed partial class ClaimStatusGrpcService(
    IClaimStore store, ClaimAssessor assessor, StatusReader statusReader, RescoreQueue rescoreQueue, TransitionFeed feed, TimeProvider clock, WatchStreams watchStreams,
    Microsoft.Extensions.Options.IOptions<ClaimReviewOptions> claimReviewOptions,
    ClaimTopics claimTopics)
{
    public async Task<Source> UpsertSource(UpsertSourceRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var s = request.Source;
        if (s is null) v.Fail("source", "is required");
        else
        {
            v.Id("source.id", s.Id);
            v.Text("source.name", s.Name, required: true, maxLength: 500);
            v.Enum("source.kind", s.Kind);
            v.Enum("source.reliability", s.Reliability);
            v.IdList("source.groups", s.Groups);
            OutputOnly(v, "source.recorded_by", s.RecordedBy);
        }
        v.ThrowIfInvalid();

        var stored = await store.UpsertSourceAsync(s!.Id, s.Name, Mapping.ToEngine(s.Kind), Mapping.ToEngine(s.Reliability),
            [.. s.Groups], Recorder(context), context.CancellationToken);
        rescoreQueue.Signal(); // a changed grade or groups put the claims it spoke on in the outbox
        return await WithLearnedAsync(stored, context.CancellationToken);
    }

    public async Task<Source> GetSource(GetSourceRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("id", request.Id);
        v.ThrowIfInvalid();

        var stored = await store.GetSourceAsync(request.Id, context.CancellationToken);
        if (stored is null) RequestErrors.NotFound("source", request.Id);
        return await WithLearnedAsync(stored, context.CancellationToken);
    }

    public async Task<ListSourcesResponse> ListSources(ListSourcesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var size = v.PageSize("page_size", request.PageSize);
        var after = v.PageToken("page_token", request.PageToken, t => PageTokens.DecodeString("sources", t));
        v.ThrowIfInvalid();

        var page = await store.ListSourcesAsync(after, size + 1, context.CancellationToken);
        var response = new ListSourcesResponse();
        var now = clock.GetUtcNow();
        var tracks = await store.LoadTrackRecordsAsync([.. page.Take(size).Select(s => s.Id)], now, null, context.CancellationToken);
        foreach (var source in page.Take(size)) response.Sources.Add(Mapping.ToContract(source, Learned(source, tracks, now)));
        response.NextPageToken = PageTokens.Next(page, size, "sources", s => s.Id);
        return response;
    }

    public async Task<Claim> CreateClaim(CreateClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        ValidateClaim(v, "claim", request.Claim);
        v.ThrowIfInvalid();

        var c = Mapping.ToNew(request.Claim!, Recorder(context));
        var (stored, created) = await store.CreateClaimAsync(c, context.CancellationToken);
        if (!created && !StoreRules.SameContent(c, stored))
            RequestErrors.AlreadyExists("claim.id", $"claim '{c.Id}' already exists with different text, topics, parties or harmed parties");
        var assessed = created ? await rescoreQueue.AfterWriteAsync([stored.Id]) : [];
        var reply = await store.GetClaimAsync(stored.Id, context.CancellationToken) ?? stored;
        // Deferred rescoring stored no status yet; the reply carries the computed one, as BatchCreateClaims does.
        if (reply.Status is null && assessed.Count > 0) reply = reply with { Status = assessed[0].Verdict };
        return Mapping.ToContract(reply);
    }

    public async Task<Claim> GetClaim(GetClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("id", request.Id);
        v.ThrowIfInvalid();

        var stored = await store.GetClaimAsync(request.Id, context.CancellationToken);
        if (stored is null) RequestErrors.NotFound("claim", request.Id);
        return Mapping.ToContract(stored);
    }

    public async Task<ListClaimsResponse> ListClaims(ListClaimsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var size = v.PageSize("page_size", request.PageSize);
        var after = v.PageToken("page_token", request.PageToken, t => PageTokens.DecodeString("claims", t));
        v.Enum("status", request.Status, required: false);
        v.Id("topic", request.Topic, required: false);
        v.ThrowIfInvalid();

        var page = await store.ListClaimsAsync(after, size + 1, Mapping.ToEngine(request.Status),
            request.Topic.Length == 0 ? null : request.Topic, context.CancellationToken);
        var response = new ListClaimsResponse();
        response.Claims.AddRange(page.Take(size).Select(Mapping.ToContract));
        response.NextPageToken = PageTokens.Next(page, size, "claims", c => c.Id);
        return response;
    }

    static void ValidateClaim(RequestValidator v, string field, Claim? c)
    {
        if (c is null)
        {
            v.Fail(field, "is required");
            return;
        }
        v.Id($"{field}.id", c.Id);
        v.Text($"{field}.text", c.Text, required: true);
        v.IdList($"{field}.topics", c.Topics);
        v.IdList($"{field}.parties", c.Parties);
        v.IdList($"{field}.harmed_parties", c.HarmedParties);
        // Rule 7 needs a direction only for a party: a harmed group that is no party of the claim would be ignored.
        for (var i = 0; i < c.HarmedParties.Count; i++)
        {
            if (!c.Parties.Contains(c.HarmedParties[i])) v.Fail($"{field}.harmed_parties[{i}]", "must also be listed in parties");
        }
        if (c.Status != Contracts.V1.Status.Unspecified) v.Fail($"{field}.status", "is output only");
        OutputOnly(v, $"{field}.recorded_by", c.RecordedBy);
    }

    async Task<Source> WithLearnedAsync(SourceRecord source, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tracks = await store.LoadTrackRecordsAsync([source.Id], now, null, ct);
        return Mapping.ToContract(source, Learned(source, tracks, now));
    }

    LearnedReliability Learned(SourceRecord source, IReadOnlyDictionary<string, Scoring.TrackRecord> tracks, DateTimeOffset now) =>
        Mapping.ToContract(tracks.GetValueOrDefault(source.Id), source.Grade, assessor.Policy, now);
}
