using System.Security.Cryptography;
using System.Text;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Telemetry;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

public sealed partial class ClaimStatusGrpcService
{
    const int MaxBatch = 10_000;

    public async Task<RecordAssertionResponse> RecordAssertion(RecordAssertionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (request.Assertion is null) v.Fail("assertion", "is required");
        else ValidateAssertion(v, "assertion", request.Assertion, clock.GetUtcNow());
        v.ThrowIfInvalid();

        var writes = await AppendAsync([request.Assertion!], "assertion", Recorder(context), context.CancellationToken);
        var write = writes[0];
        if (!write.Replayed) await rescoreQueue.AfterWriteAsync([write.Assertion.ClaimId]);
        return new RecordAssertionResponse { Assertion = Mapping.ToContract(write.Assertion), Replayed = write.Replayed };
    }

    public async Task<RecordAssertionsResponse> RecordAssertions(
        IAsyncStreamReader<RecordAssertionsRequest> requestStream, ServerCallContext context)
    {
        var response = new RecordAssertionsResponse();
        var recorder = Recorder(context);
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            var v = new RequestValidator();
            if (batch.Assertions.Count > MaxBatch) v.Fail("assertions", $"a batch holds at most {MaxBatch} assertions");
            var now = clock.GetUtcNow();
            for (var i = 0; i < batch.Assertions.Count && i < MaxBatch; i++) ValidateAssertion(v, $"assertions[{i}]", batch.Assertions[i], now);
            v.ThrowIfInvalid();

            var writes = await AppendAsync(batch.Assertions, "assertions", recorder, context.CancellationToken);
            var recorded = writes.Count(w => !w.Replayed);
            response.Batches++;
            response.Recorded += recorded;
            response.Replayed += writes.Count - recorded;
            ClaimStatusTelemetry.ImportBatchSize.Record(batch.Assertions.Count);
            if (recorded > 0) rescoreQueue.Signal(); // the batch's claims are in the outbox; the worker rescores them
        }
        return response;
    }

    public async Task<ListAssertionsResponse> ListAssertions(ListAssertionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("claim_id", request.ClaimId);
        var size = v.PageSize("page_size", request.PageSize);
        var after = v.PageToken("page_token", request.PageToken, t => PageTokens.DecodeLong("assertions:" + request.ClaimId, t));
        v.ThrowIfInvalid();

        await RequireClaimAsync(request.ClaimId, context.CancellationToken);
        var page = await store.ListAssertionsAsync(request.ClaimId, after, size + 1, context.CancellationToken);
        var response = new ListAssertionsResponse();
        response.Assertions.AddRange(page.Take(size).Select(Mapping.ToContract));
        response.NextPageToken = PageTokens.Next(page, size, "assertions:" + request.ClaimId, a => a.Id);
        return response;
    }

    public async Task<Adjudication> RecordAdjudication(RecordAdjudicationRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var a = request.Adjudication;
        if (a is null) v.Fail("adjudication", "is required");
        else
        {
            v.Id("adjudication.claim_id", a.ClaimId);
            v.Enum("adjudication.truth", a.Truth);
            v.Time("adjudication.decided_at", a.DecidedAt, clock.GetUtcNow(), required: true, notInFuture: true);
            v.Text("adjudication.note", a.Note, required: false);
            v.Text("adjudication.rationale", a.Rationale, required: false);
            OutputOnly(v, "adjudication.recorded_by", a.RecordedBy);
        }
        v.ThrowIfInvalid();

        var ct = context.CancellationToken;
        var next = Mapping.ToNew(a!, Recorder(context));
        (AdjudicationRecord Adjudication, bool Created) stored;
        try
        {
            stored = await store.RecordAdjudicationAsync(next, ct);
        }
        catch (MissingReferenceException ex)
        {
            RequestErrors.NotFound("claim", ex.Id);
            throw;
        }
        catch (StoreConflictException ex)
        {
            RequestErrors.AlreadyExists("adjudication." + ex.Field, ex.Message);
            throw;
        }
        if (stored.Created) await rescoreQueue.AfterAdjudicationAsync(next.ClaimId);
        return Mapping.ToContract(stored.Adjudication);
    }

    public async Task<ListAdjudicationsResponse> ListAdjudications(ListAdjudicationsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("claim_id", request.ClaimId, required: false);
        var size = v.PageSize("page_size", request.PageSize);
        var after = v.PageToken("page_token", request.PageToken, t => PageTokens.DecodeLong("adjudications:" + request.ClaimId, t));
        v.ThrowIfInvalid();

        if (request.ClaimId.Length > 0) await RequireClaimAsync(request.ClaimId, context.CancellationToken);
        var page = await store.ListAdjudicationsAsync(request.ClaimId.Length == 0 ? null : request.ClaimId, after, size + 1, context.CancellationToken);
        var response = new ListAdjudicationsResponse();
        response.Adjudications.AddRange(page.Take(size).Select(Mapping.ToContract));
        response.NextPageToken = PageTokens.Next(page, size, "adjudications:" + request.ClaimId, a => a.Id);
        return response;
    }

    async Task<IReadOnlyList<AssertionWrite>> AppendAsync(
        IReadOnlyList<Assertion> assertions, string field, string recordedBy, CancellationToken ct)
    {
        var batch = new NewAssertion[assertions.Count];
        for (var i = 0; i < batch.Length; i++)
        {
            var a = assertions[i];
            batch[i] = Mapping.ToNew(a, a.Key.Length > 0 ? a.Key : DerivedKey(a), recordedBy);
        }
        try
        {
            var writes = await store.AppendAssertionsAsync(batch, ct);
            ClaimStatusTelemetry.AssertionsIngested.Add(writes.Count(w => !w.Replayed));
            return writes;
        }
        catch (MissingReferenceException ex)
        {
            RequestErrors.MissingReference(Qualify(field, ex.Field), ex.Id);
            throw;
        }
        catch (StoreConflictException ex)
        {
            RequestErrors.AlreadyExists(Qualify(field, ex.Field), ex.Message);
            throw;
        }
    }

    /// <summary>The store names fields of a batch as "[i].x"; a single assertion is "assertion.x".</summary>
    static string Qualify(string field, string storeField) =>
        field == "assertion" && storeField.StartsWith("[0]", StringComparison.Ordinal) ? "assertion" + storeField[3..]
        : storeField.StartsWith('[') ? field + storeField : $"{field}.{storeField}";

    static void ValidateAssertion(RequestValidator v, string prefix, Assertion a, DateTimeOffset now)
    {
        if (a.Id != 0) v.Fail($"{prefix}.id", "is output only");
        v.Id($"{prefix}.claim_id", a.ClaimId);
        v.Id($"{prefix}.source_id", a.SourceId);
        v.Enum($"{prefix}.stance", a.Stance);
        v.Enum($"{prefix}.hedge", a.Hedge);
        v.Enum($"{prefix}.evidence", a.Evidence, required: false);
        v.Time($"{prefix}.observed_at", a.ObservedAt, now, required: true, notInFuture: true);
        if (a.RecordedAt is not null) v.Fail($"{prefix}.recorded_at", "is output only");
        v.Id($"{prefix}.reported_via", a.ReportedVia, required: false);
        v.Text($"{prefix}.note", a.Note, required: false);
        v.Id($"{prefix}.key", a.Key, required: false);
        OutputOnly(v, $"{prefix}.recorded_by", a.RecordedBy);
    }

    /// <summary>The key the import format prescribes when a client gives none: the same assertion
    /// sent twice gets the same key, so replays store nothing.</summary>
    static string DerivedKey(Assertion a)
    {
        var identity = $"{a.ClaimId}\n{a.SourceId}\n{a.Stance}\n{a.Hedge}\n{a.ObservedAt.Seconds}.{a.ObservedAt.Nanos}";
        return "auto:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    async Task RequireClaimAsync(string claimId, CancellationToken ct)
    {
        if (await store.GetClaimAsync(claimId, ct) is null) RequestErrors.NotFound("claim", claimId);
    }
}
