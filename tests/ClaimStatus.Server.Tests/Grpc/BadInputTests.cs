using ClaimStatus.Server.Tests.Storage;
using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Status = ClaimStatus.Contracts.V1.Status;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Every RPC refuses bad input with INVALID_ARGUMENT naming the field, and stores nothing.</summary>
public abstract class BadInputTests(ServerFixture server)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    public static TheoryData<string, string> Cases => new()
    {
        { "UpsertSource without source", "source" },
        { "UpsertSource without id", "source.id" },
        { "UpsertSource with a 201-character id", "source.id" },
        { "UpsertSource without kind", "source.kind" },
        { "UpsertSource with an unknown reliability", "source.reliability" },
        { "UpsertSource with an empty group", "source.groups[0]" },
        { "GetSource without id", "id" },
        { "ListSources with a huge page", "page_size" },
        { "ListSources with a forged token", "page_token" },
        { "CreateClaim without text", "claim.text" },
        { "CreateClaim with a repeated topic", "claim.topics" },
        { "GetClaim without id", "id" },
        { "ListClaims with an unknown status", "status" },
        { "RecordAssertion without stance", "assertion.stance" },
        { "RecordAssertion without hedge", "assertion.hedge" },
        { "RecordAssertion without observed_at", "assertion.observed_at" },
        { "RecordAssertion observed next year", "assertion.observed_at" },
        { "RecordAssertion with an id", "assertion.id" },
        { "ListAssertions without claim", "claim_id" },
        { "ListAssertions with a token of another list", "page_token" },
        { "RecordAdjudication without truth", "adjudication.truth" },
        { "RecordAdjudication without decided_at", "adjudication.decided_at" },
        { "ListAdjudications with a negative page", "page_size" },
        { "GetStatus without claim", "claim_id" },
        { "GetStatus with a broken as_of", "as_of" },
        { "BatchGetStatus without claims", "claim_ids" },
        { "BatchGetStatus with an empty id", "claim_ids[1]" },
        { "ListStatusTransitions without claim", "claim_id" },
    };

    [StoreTheory]
    [MemberData(nameof(Cases))]
    public async Task Bad_request_is_invalid_argument_naming_the_field(string name, string field)
    {
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Call(name), field);
    }

    Task Call(string name)
    {
        var source = Source("s");
        var assertion = Assertion("c", "s", Stance.Supports, Day);
        return name switch
        {
            "UpsertSource without source" => _client.UpsertSourceAsync(new UpsertSourceRequest()).ResponseAsync,
            "UpsertSource without id" => _client.UpsertSourceAsync(new UpsertSourceRequest { Source = With(source, s => s.Id = "") }).ResponseAsync,
            "UpsertSource with a 201-character id" => _client.UpsertSourceAsync(new UpsertSourceRequest { Source = With(source, s => s.Id = new string('x', 201)) }).ResponseAsync,
            "UpsertSource without kind" => _client.UpsertSourceAsync(new UpsertSourceRequest { Source = With(source, s => s.Kind = SourceKind.Unspecified) }).ResponseAsync,
            "UpsertSource with an unknown reliability" => _client.UpsertSourceAsync(new UpsertSourceRequest { Source = With(source, s => s.Reliability = (Reliability)42) }).ResponseAsync,
            "UpsertSource with an empty group" => _client.UpsertSourceAsync(new UpsertSourceRequest { Source = With(source, s => s.Groups.Add("")) }).ResponseAsync,
            "GetSource without id" => _client.GetSourceAsync(new GetSourceRequest()).ResponseAsync,
            "ListSources with a huge page" => _client.ListSourcesAsync(new ListSourcesRequest { PageSize = 100_000 }).ResponseAsync,
            "ListSources with a forged token" => _client.ListSourcesAsync(new ListSourcesRequest { PageToken = "not-a-token" }).ResponseAsync,
            "CreateClaim without text" => _client.CreateClaimAsync(new CreateClaimRequest { Claim = new Claim { Id = "c" } }).ResponseAsync,
            "CreateClaim with a repeated topic" => _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim("c", ["t", "t"]) }).ResponseAsync,
            "GetClaim without id" => _client.GetClaimAsync(new GetClaimRequest()).ResponseAsync,
            "ListClaims with an unknown status" => _client.ListClaimsAsync(new ListClaimsRequest { Status = (Status)9 }).ResponseAsync,
            "RecordAssertion without stance" => Record(With(assertion, a => a.Stance = Stance.Unspecified)),
            "RecordAssertion without hedge" => Record(With(assertion, a => a.Hedge = Hedge.Unspecified)),
            "RecordAssertion without observed_at" => Record(With(assertion, a => a.ObservedAt = null)),
            "RecordAssertion observed next year" => Record(With(assertion, a => a.ObservedAt = At(DateTimeOffset.UtcNow.AddYears(1)))),
            "RecordAssertion with an id" => Record(With(assertion, a => a.Id = 7)),
            "ListAssertions without claim" => _client.ListAssertionsAsync(new ListAssertionsRequest()).ResponseAsync,
            "ListAssertions with a token of another list" => _client.ListAssertionsAsync(new ListAssertionsRequest
            {
                ClaimId = "c",
                PageToken = Convert.ToBase64String("sources:x"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            }).ResponseAsync,
            "RecordAdjudication without truth" => _client.RecordAdjudicationAsync(new RecordAdjudicationRequest
            {
                Adjudication = new Adjudication { ClaimId = "c", DecidedAt = At(Day) },
            }).ResponseAsync,
            "RecordAdjudication without decided_at" => _client.RecordAdjudicationAsync(new RecordAdjudicationRequest
            {
                Adjudication = new Adjudication { ClaimId = "c", Truth = Truth.True },
            }).ResponseAsync,
            "ListAdjudications with a negative page" => _client.ListAdjudicationsAsync(new ListAdjudicationsRequest { PageSize = -1 }).ResponseAsync,
            "GetStatus without claim" => _client.GetStatusAsync(new GetStatusRequest()).ResponseAsync,
            "GetStatus with a broken as_of" => _client.GetStatusAsync(new GetStatusRequest { ClaimId = "c", AsOf = new Timestamp { Seconds = 1, Nanos = -5 } }).ResponseAsync,
            "BatchGetStatus without claims" => _client.BatchGetStatusAsync(new BatchGetStatusRequest()).ResponseAsync,
            "BatchGetStatus with an empty id" => _client.BatchGetStatusAsync(new BatchGetStatusRequest { ClaimIds = { "c", "" } }).ResponseAsync,
            "ListStatusTransitions without claim" => _client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest()).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    Task Record(Assertion assertion) => _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = assertion }).ResponseAsync;

    static T With<T>(T message, Action<T> change) where T : Google.Protobuf.IMessage<T>
    {
        var copy = message.Clone();
        change(copy);
        return copy;
    }

    [StoreTheory]
    [InlineData("", "", "claim_ids")]
    [InlineData("c", "topic", "topic")]
    [InlineData("", "bad topic ", "topic")]
    public async Task Watch_with_a_bad_request_is_invalid_argument_naming_the_field(string claimId, string topic, string field)
    {
        var request = new WatchStatusRequest { Topic = topic };
        if (claimId.Length > 0) request.ClaimIds.Add(claimId);
        using var watch = _client.WatchStatus(request);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => watch.ResponseStream.MoveNext(), field);
    }

    [StoreFact]
    public async Task Streamed_batch_with_a_bad_item_names_it_and_stores_nothing_of_that_batch()
    {
        var claim = NewId("claim");
        await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source("bad-input-src") });
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        using var call = _client.RecordAssertions();
        var batch = new RecordAssertionsRequest
        {
            Assertions =
            {
                Assertion(claim, "bad-input-src", Stance.Supports, Day),
                Assertion(claim, "bad-input-src", Stance.Unspecified, Day.AddHours(1)),
            },
        };
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => call.ResponseAsync, "assertions[1].stance");
        Assert.Empty((await _client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim })).Assertions);
    }

    [StoreFact]
    public async Task Body_that_is_not_protobuf_is_invalid_argument_not_unknown()
    {
        var method = new Method<byte[], StatusReport>(MethodType.Unary, "claimstatus.v1.ClaimStatusService", "GetStatus",
            Marshallers.Create(bytes => bytes, bytes => bytes),
            Marshallers.Create<StatusReport>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), StatusReport.Parser.ParseFrom));
        var invoker = server.Channel.CreateCallInvoker();
        // Field 1 as a length-delimited string claiming 100 bytes that never come.
        byte[] garbage = [0x0A, 0x64, 0x01];
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => invoker.AsyncUnaryCall(method, null, new CallOptions(), garbage).ResponseAsync);
    }
}

public sealed class BadInputTestsOnSqlite(ServerFixture server) : BadInputTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class BadInputTestsOnSqlServer(SqlServerServerFixture server) : BadInputTests(server), IClassFixture<SqlServerServerFixture>;
