using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Storage;
using Grpc.Core;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>One write of each kind, as one caller, and the recorder every reply and read-back names.</summary>
public static class AuditWrites
{
    public sealed record Ids(string Source, string Claim, string BatchClaim, string Key);

    /// <summary>Each write method once; returns (what, recorded_by) for each reply and each read of the stored row.</summary>
    public static async Task<List<(string What, string RecordedBy)>> EachKindAsync(
        ClaimStatusService.ClaimStatusServiceClient client, Metadata headers, Ids ids)
    {
        var seen = new List<(string, string)>();
        seen.Add(("UpsertSource", (await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(ids.Source) }, headers)).RecordedBy));
        seen.Add(("CreateClaim", (await client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(ids.Claim) }, headers)).RecordedBy));
        var batch = await client.BatchCreateClaimsAsync(new BatchCreateClaimsRequest { Requests = { new CreateClaimRequest { Claim = Claim(ids.BatchClaim) } } }, headers);
        seen.Add(("BatchCreateClaims", batch.Claims.Single().RecordedBy));

        var one = await client.RecordAssertionAsync(new RecordAssertionRequest
        {
            Assertion = Assertion(ids.Claim, ids.Source, Stance.Supports, Day, key: ids.Key),
        }, headers);
        seen.Add(("RecordAssertion", one.Assertion.RecordedBy));
        using (var stream = client.RecordAssertions(headers))
        {
            await stream.RequestStream.WriteAsync(new RecordAssertionsRequest { Assertions = { Assertion(ids.BatchClaim, ids.Source, Stance.Refutes, Day) } });
            await stream.RequestStream.CompleteAsync();
            Assert.Equal(1, (await stream.ResponseAsync).Recorded);
        }
        var streamed = await client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = ids.BatchClaim }, headers);
        seen.Add(("RecordAssertions", streamed.Assertions.Single().RecordedBy));

        var decided = await client.RecordAdjudicationAsync(new RecordAdjudicationRequest
        {
            Adjudication = new Adjudication { ClaimId = ids.Claim, Truth = Truth.True, DecidedAt = At(Day.AddDays(1)), Rationale = "confirmed twice" },
        }, headers);
        Assert.Equal("confirmed twice", decided.Rationale);
        seen.Add(("RecordAdjudication", decided.RecordedBy));

        seen.Add(("GetSource", (await client.GetSourceAsync(new GetSourceRequest { Id = ids.Source }, headers)).RecordedBy));
        seen.Add(("GetClaim", (await client.GetClaimAsync(new GetClaimRequest { Id = ids.Claim }, headers)).RecordedBy));
        var assertions = await client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = ids.Claim }, headers);
        seen.Add(("ListAssertions", assertions.Assertions.Single().RecordedBy));
        var adjudications = await client.ListAdjudicationsAsync(new ListAdjudicationsRequest { ClaimId = ids.Claim }, headers);
        Assert.Equal("confirmed twice", adjudications.Adjudications.Single().Rationale);
        seen.Add(("ListAdjudications", adjudications.Adjudications.Single().RecordedBy));
        return seen;
    }

    public static Ids NewIds() => new(NewId("audit-src"), NewId("audit-claim"), NewId("audit-batch"), NewId("k"));
}

/// <summary>Without auth configured every write is recorded as "anonymous".</summary>
public abstract class AuditTests(ServerFixture server)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    [StoreFact]
    public async Task Without_auth_every_write_is_recorded_as_anonymous()
    {
        var seen = await AuditWrites.EachKindAsync(_client, [], AuditWrites.NewIds());
        Assert.All(seen, s => Assert.True(s.RecordedBy == "anonymous", $"{s.What}: '{s.RecordedBy}'"));
        Assert.Equal(10, seen.Count);
    }

    [StoreFact]
    public async Task A_recorder_given_in_a_request_is_refused()
    {
        var claim = Claim(NewId("audit"));
        claim.RecordedBy = "someone-else";
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            async () => await _client.CreateClaimAsync(new CreateClaimRequest { Claim = claim }), "claim.recorded_by");
        var source = Source(NewId("audit"));
        source.RecordedBy = "someone-else";
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            async () => await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = source }), "source.recorded_by");
        var assertion = Assertion(claim.Id, source.Id, Stance.Supports, Day);
        assertion.RecordedBy = "someone-else";
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            async () => await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = assertion }), "assertion.recorded_by");
        var adjudication = new Adjudication { ClaimId = claim.Id, Truth = Truth.True, DecidedAt = At(Day), RecordedBy = "x" };
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            async () => await _client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = adjudication }), "adjudication.recorded_by");
    }

    [StoreFact]
    public async Task A_rationale_over_4000_characters_is_refused_with_its_field()
    {
        var claim = await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(NewId("audit")) });
        var adjudication = new Adjudication { ClaimId = claim.Id, Truth = Truth.False, DecidedAt = At(Day), Rationale = new string('r', 4001) };
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            async () => await _client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = adjudication }), "adjudication.rationale");

        adjudication.Rationale = new string('r', 4000);
        Assert.Equal(4000, (await _client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = adjudication })).Rationale.Length);
    }
}

public sealed class AuditTestsOnSqlite(ServerFixture server) : AuditTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class AuditTestsOnSqlServer(SqlServerServerFixture server) : AuditTests(server), IClassFixture<SqlServerServerFixture>;
