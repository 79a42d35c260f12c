using ClaimStatus.Contracts.V1;
using CsCheck;
using Grpc.Core;
using static ClaimStatus.Server.Tests.Hostile.HostileParts;
using static ClaimStatus.Server.Tests.Hostile.HostileValues;
using Status = ClaimStatus.Contracts.V1.Status;
using Client = ClaimStatus.Contracts.V1.ClaimStatusService.ClaimStatusServiceClient;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>Generated requests for every method of ClaimStatusService.</summary>
public static class HostileRequests
{
    static DateTime Deadline => DateTime.UtcNow.AddSeconds(30);

    static Defect<T> D<T, TValue>(string field, Gen<TValue> values, Action<T, TValue> set) =>
        new(field, values.Select(v => (Action<T>)(m => set(m, v))));

    static readonly Gen<string> KnownClaim = Gen.Const(ClaimA);
    static readonly Gen<string> ChaosClaimId = Gen.Frequency((1, KnownClaim), (3, ChaosString));

    public static readonly IReadOnlyDictionary<string, Gen<HostileCase>> ByMethod = new Dictionary<string, Gen<HostileCase>>
    {
        ["UpsertSource"] = HostileCase.For("UpsertSource",
            ValidSource.Select(s => new UpsertSourceRequest { Source = s }),
            ChaosSource.Null(0.1).Select(s => new UpsertSourceRequest { Source = s }),
            (c, r) => c.UpsertSourceAsync(r, deadline: Deadline).ResponseAsync,
            [D<UpsertSourceRequest, int>("source", Gen.Const(0), (r, _) => r.Source = null),
             .. HostileCase.Under<UpsertSourceRequest, Source>("source", SourceDefects, r => r.Source)]),

        ["GetSource"] = HostileCase.For("GetSource",
            Gen.OneOf(SourceA, SourceB).Select(id => new GetSourceRequest { Id = id }),
            ChaosString.Select(id => new GetSourceRequest { Id = id }),
            (c, r) => c.GetSourceAsync(r, deadline: Deadline).ResponseAsync,
            D<GetSourceRequest, string>("id", BadId(required: true), (r, v) => r.Id = v)),

        ["ListSources"] = HostileCase.For("ListSources",
            Gen.Int[0, 1000].Select(n => new ListSourcesRequest { PageSize = n }),
            Gen.Select(ChaosPageSize, ChaosPageToken, (n, t) => new ListSourcesRequest { PageSize = n, PageToken = t }),
            (c, r) => c.ListSourcesAsync(r, deadline: Deadline).ResponseAsync,
            D<ListSourcesRequest, int>("page_size", BadPageSize, (r, v) => r.PageSize = v),
            D<ListSourcesRequest, string>("page_token", BadPageToken, (r, v) => r.PageToken = v)),

        ["CreateClaim"] = HostileCase.For("CreateClaim",
            ValidClaim.Select(c => new CreateClaimRequest { Claim = c }),
            ChaosClaim.Null(0.1).Select(c => new CreateClaimRequest { Claim = c }),
            (c, r) => c.CreateClaimAsync(r, deadline: Deadline).ResponseAsync,
            [D<CreateClaimRequest, int>("claim", Gen.Const(0), (r, _) => r.Claim = null),
             .. HostileCase.Under<CreateClaimRequest, Claim>("claim", ClaimDefects, r => r.Claim)]),

        ["BatchCreateClaims"] = HostileCase.For("BatchCreateClaims",
            ValidClaim.List[1, 4].Select(cs => new BatchCreateClaimsRequest { Requests = { cs.Select(c => new CreateClaimRequest { Claim = c }) } }),
            ChaosClaim.Null(0.1).List[0, 4].Select(cs => new BatchCreateClaimsRequest { Requests = { cs.Select(c => new CreateClaimRequest { Claim = c }) } }),
            (c, r) => c.BatchCreateClaimsAsync(r, deadline: Deadline).ResponseAsync,
            [D<BatchCreateClaimsRequest, int>("requests", Gen.Const(0), (r, _) => r.Requests.Clear()),
             D<BatchCreateClaimsRequest, string>("requests[1].claim.id", ValidText, (r, text) =>
                 r.Requests.Insert(1, new CreateClaimRequest { Claim = new Claim { Id = r.Requests[0].Claim.Id, Text = "another " + text } })),
             .. HostileCase.Under<BatchCreateClaimsRequest, Claim>("requests[0].claim", ClaimDefects, r => r.Requests[0].Claim)]),

        ["GetClaim"] = HostileCase.For("GetClaim",
            KnownClaim.Select(id => new GetClaimRequest { Id = id }),
            ChaosString.Select(id => new GetClaimRequest { Id = id }),
            (c, r) => c.GetClaimAsync(r, deadline: Deadline).ResponseAsync,
            D<GetClaimRequest, string>("id", BadId(required: true), (r, v) => r.Id = v)),

        ["ListClaims"] = HostileCase.For("ListClaims",
            Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 3], Gen.OneOf("", "t"), (n, s, t) => new ListClaimsRequest { PageSize = n, Status = (Status)s, Topic = t }),
            Gen.Select(ChaosPageSize, ChaosPageToken, ChaosEnum<Status>(), ChaosString, (n, t, s, topic) => new ListClaimsRequest { PageSize = n, PageToken = t, Status = s, Topic = topic }),
            (c, r) => c.ListClaimsAsync(r, deadline: Deadline).ResponseAsync,
            D<ListClaimsRequest, int>("page_size", BadPageSize, (r, v) => r.PageSize = v),
            D<ListClaimsRequest, string>("page_token", BadPageToken, (r, v) => r.PageToken = v),
            D<ListClaimsRequest, Status>("status", BadEnum<Status>(required: false), (r, v) => r.Status = v),
            D<ListClaimsRequest, string>("topic", BadId(required: false), (r, v) => r.Topic = v)),

        ["RecordAssertion"] = HostileCase.For("RecordAssertion",
            ValidAssertion.Select(a => new RecordAssertionRequest { Assertion = a }),
            ChaosAssertion.Null(0.1).Select(a => new RecordAssertionRequest { Assertion = a }),
            (c, r) => c.RecordAssertionAsync(r, deadline: Deadline).ResponseAsync,
            [D<RecordAssertionRequest, int>("assertion", Gen.Const(0), (r, _) => r.Assertion = null),
             .. HostileCase.Under<RecordAssertionRequest, Assertion>("assertion", AssertionDefects, r => r.Assertion)]),

        ["RecordAssertions"] = HostileCase.For("RecordAssertions",
            ValidAssertion.List[1, 3].Select(a => new RecordAssertionsRequest { Assertions = { a } }),
            ChaosAssertion.List[0, 3].Select(a => new RecordAssertionsRequest { Assertions = { a } }),
            RecordAssertionsAsync,
            HostileCase.Under<RecordAssertionsRequest, Assertion>("assertions[0]", AssertionDefects, r => r.Assertions[0])),

        ["ListAssertions"] = ListOfClaim("ListAssertions", (id, n, t) => new ListAssertionsRequest { ClaimId = id, PageSize = n, PageToken = t },
            (c, r) => c.ListAssertionsAsync(r, deadline: Deadline).ResponseAsync, required: true),

        ["RecordAdjudication"] = HostileCase.For("RecordAdjudication",
            ValidAdjudication.Select(j => new RecordAdjudicationRequest { Adjudication = j }),
            ChaosAdjudication.Null(0.1).Select(j => new RecordAdjudicationRequest { Adjudication = j }),
            (c, r) => c.RecordAdjudicationAsync(r, deadline: Deadline).ResponseAsync,
            [D<RecordAdjudicationRequest, int>("adjudication", Gen.Const(0), (r, _) => r.Adjudication = null),
             .. HostileCase.Under<RecordAdjudicationRequest, Adjudication>("adjudication", AdjudicationDefects, r => r.Adjudication)]),

        ["ListAdjudications"] = ListOfClaim("ListAdjudications", (id, n, t) => new ListAdjudicationsRequest { ClaimId = id, PageSize = n, PageToken = t },
            (c, r) => c.ListAdjudicationsAsync(r, deadline: Deadline).ResponseAsync, required: false),

        ["GetStatus"] = HostileCase.For("GetStatus",
            Gen.Select(PastTime.Null(0.3), Gen.Int[0, 2], (t, view) => new GetStatusRequest { ClaimId = ClaimA, AsOf = t, View = (StatusView)view }),
            Gen.Select(ChaosClaimId, ChaosTime, ChaosEnum<StatusView>(), (id, t, view) => new GetStatusRequest { ClaimId = id, AsOf = t, View = view }),
            (c, r) => c.GetStatusAsync(r, deadline: Deadline).ResponseAsync,
            D<GetStatusRequest, string>("claim_id", BadId(required: true), (r, v) => r.ClaimId = v),
            D<GetStatusRequest, Google.Protobuf.WellKnownTypes.Timestamp>("as_of", BrokenTime, (r, v) => r.AsOf = v),
            D<GetStatusRequest, StatusView>("view", BadEnum<StatusView>(required: false), (r, v) => r.View = v)),

        ["BatchGetStatus"] = HostileCase.For("BatchGetStatus",
            Gen.Select(Gen.Int[1, 3], PastTime.Null(0.3), Gen.Int[0, 2], (n, t, view) => new BatchGetStatusRequest { ClaimIds = { Enumerable.Repeat(ClaimA, n) }, AsOf = t, View = (StatusView)view }),
            Gen.Select(ChaosClaimId.List[0, 5], ChaosTime, ChaosEnum<StatusView>(), (ids, t, view) => new BatchGetStatusRequest { ClaimIds = { ids }, AsOf = t, View = view }),
            (c, r) => c.BatchGetStatusAsync(r, deadline: Deadline).ResponseAsync,
            D<BatchGetStatusRequest, int>("claim_ids", Gen.OneOf(0, 1001, 2000), (r, n) => { r.ClaimIds.Clear(); r.ClaimIds.AddRange(Enumerable.Repeat(ClaimA, n)); }),
            D<BatchGetStatusRequest, string>("claim_ids[1]", BadId(required: true), (r, v) => { r.ClaimIds.Clear(); r.ClaimIds.AddRange([ClaimA, v]); }),
            D<BatchGetStatusRequest, Google.Protobuf.WellKnownTypes.Timestamp>("as_of", BrokenTime, (r, v) => r.AsOf = v),
            D<BatchGetStatusRequest, StatusView>("view", BadEnum<StatusView>(required: false), (r, v) => r.View = v)),

        ["ListStatusTransitions"] = ListOfClaim("ListStatusTransitions", (id, n, t) => new ListStatusTransitionsRequest { ClaimId = id, PageSize = n, PageToken = t },
            (c, r) => c.ListStatusTransitionsAsync(r, deadline: Deadline).ResponseAsync, required: true),

        ["WatchStatus"] = HostileCase.For("WatchStatus",
            Gen.OneOf(Gen.Const(new WatchStatusRequest { ClaimIds = { ClaimA } }), Gen.Const(new WatchStatusRequest { Topic = "t" })),
            Gen.Select(ChaosClaimId.List[0, 4], Gen.Frequency((2, Gen.Const("")), (1, ChaosString)), (ids, topic) => new WatchStatusRequest { ClaimIds = { ids }, Topic = topic }),
            WatchAsync,
            D<WatchStatusRequest, int>("claim_ids", Gen.Const(0), (r, _) => { r.ClaimIds.Clear(); r.Topic = ""; }),
            D<WatchStatusRequest, string>("topic", ValidId, (r, v) => { r.ClaimIds.Clear(); r.ClaimIds.Add(ClaimA); r.Topic = v; }),
            D<WatchStatusRequest, int>("claim_ids", Gen.Int[1001, 1500], (r, n) => { r.Topic = ""; r.ClaimIds.Clear(); r.ClaimIds.AddRange(Enumerable.Repeat(ClaimA, n)); }),
            D<WatchStatusRequest, string>("claim_ids[1]", BadId(required: true), (r, v) => { r.Topic = ""; r.ClaimIds.Clear(); r.ClaimIds.AddRange([ClaimA, v]); }),
            D<WatchStatusRequest, string>("topic", BadId(required: false), (r, v) => { r.ClaimIds.Clear(); r.Topic = v; })),
    };

    /// <summary>The three list methods keyed by claim: claim_id, page_size and page_token.</summary>
    static Gen<HostileCase> ListOfClaim<T>(string method, Func<string, int, string, T> make, Func<Client, T, Task> call, bool required)
        where T : Google.Protobuf.IMessage<T> =>
        HostileCase.For(method,
            Gen.Int[0, 1000].Select(n => make(ClaimA, n, "")),
            Gen.Select(ChaosClaimId, ChaosPageSize, ChaosPageToken, make),
            call,
            new Defect<T>("claim_id", BadId(required).Select(id => (Action<T>)(r => CopyInto(r, make(id, 0, ""))))),
            new Defect<T>("page_size", BadPageSize.Select(n => (Action<T>)(r => CopyInto(r, make(ClaimA, n, ""))))),
            new Defect<T>("page_token", BadPageToken.Select(t => (Action<T>)(r => CopyInto(r, make(ClaimA, 0, t))))));

    static void CopyInto<T>(T target, T source) where T : Google.Protobuf.IMessage<T>
    {
        foreach (var field in target.Descriptor.Fields.InFieldNumberOrder()) field.Accessor.Clear(target);
        target.MergeFrom(source);
    }

    static async Task RecordAssertionsAsync(Client client, RecordAssertionsRequest batch)
    {
        using var call = client.RecordAssertions(deadline: Deadline);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }

    /// <summary>A watch the server accepts sends each claim's current status first; one message is enough.
    /// A topic with no claims sends nothing: accepted, until the short wait ends.</summary>
    static async Task WatchAsync(Client client, WatchStatusRequest request)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        using var call = client.WatchStatus(request, deadline: Deadline, cancellationToken: wait.Token);
        try
        {
            await call.ResponseStream.MoveNext(wait.Token);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && wait.IsCancellationRequested)
        {
        }
    }
}
