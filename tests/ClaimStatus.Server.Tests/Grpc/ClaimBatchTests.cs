using ClaimStatus.Server.Tests.Storage;
using ClaimStatus.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Status = ClaimStatus.Contracts.V1.Status;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>BatchCreateClaims: CreateClaim's rules for each claim, all or nothing for the batch.</summary>
public abstract class ClaimBatchTests(ServerFixture server)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    static BatchCreateClaimsRequest Batch(params Claim?[] claims)
    {
        var request = new BatchCreateClaimsRequest();
        request.Requests.AddRange(claims.Select(c => new CreateClaimRequest { Claim = c }));
        return request;
    }

    Task<BatchCreateClaimsResponse> SendAsync(BatchCreateClaimsRequest request) => _client.BatchCreateClaimsAsync(request).ResponseAsync;

    async Task<bool> ExistsAsync(string id)
    {
        try
        {
            await _client.GetClaimAsync(new GetClaimRequest { Id = id });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    [StoreFact]
    public async Task Creates_every_claim_and_returns_them_in_request_order_with_a_status()
    {
        var topic = NewId("topic");
        // Ids deliberately not in sorted order, so request order cannot be mistaken for id order.
        var ids = Enumerable.Range(0, 40).Select(i => $"{NewId("batch")}-{(i * 7) % 40:D2}").ToList();

        var response = await SendAsync(Batch([.. ids.Select(id => Claim(id, [topic], ["p1"]))]));

        Assert.Equal(ids, response.Claims.Select(c => c.Id));
        Assert.Equal(40, response.CreatedCount);
        Assert.All(response.Claims, c =>
        {
            Assert.Equal(("Claim " + c.Id, Status.Unverified), (c.Text, c.Status));
            Assert.Equal([topic], c.Topics);
            Assert.Equal(["p1"], c.Parties);
            Assert.NotNull(c.CreateTime);
        });
        var listed = await _client.ListClaimsAsync(new ListClaimsRequest { Topic = topic, Status = Status.Unverified, PageSize = 100 });
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Claims.Select(c => c.Id));
        var history = await _client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = ids[5] });
        Assert.Equal([("created", Status.Unverified)], history.Transitions.Select(t => (t.Cause, t.ToStatus)));
    }

    [StoreFact]
    public async Task An_identical_replay_returns_the_stored_claims_and_stores_nothing()
    {
        var (a, b) = (NewId("a"), NewId("b"));
        var earlier = await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(a, ["t1", "t2"]) });
        var first = await SendAsync(Batch(Claim(a, ["t2", "t1"]), Claim(b)));

        var replay = await SendAsync(Batch(Claim(b), Claim(a, ["t1", "t2"]), Claim(b)));

        Assert.Equal(earlier.CreateTime, first.Claims[0].CreateTime);
        Assert.Equal([first.Claims[1], first.Claims[0], first.Claims[1]], replay.Claims);
        Assert.Equal((1, 0), (first.CreatedCount, replay.CreatedCount));
        foreach (var id in new[] { a, b })
        {
            var history = await _client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = id });
            Assert.Single(history.Transitions);
        }
    }

    [StoreFact]
    public async Task A_claim_stored_with_other_content_fails_the_whole_batch()
    {
        var (fresh1, taken, fresh2) = (NewId("fresh"), NewId("taken"), NewId("fresh"));
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(taken, ["t1"]) });

        var ex = await RpcAssert.FailsAsync(StatusCode.AlreadyExists,
            () => SendAsync(Batch(Claim(fresh1), Claim(taken, ["t2"]), Claim(fresh2))), "requests[1].claim.id");

        Assert.Contains(taken, ex.Status.Detail);
        Assert.False(await ExistsAsync(fresh1));
        Assert.False(await ExistsAsync(fresh2));
        Assert.Equal(["t1"], (await _client.GetClaimAsync(new GetClaimRequest { Id = taken })).Topics);
    }

    [StoreFact]
    public async Task Every_invalid_claim_is_named_by_its_index_and_nothing_is_stored()
    {
        var valid = NewId("valid");
        var badId = Claim("has space ");
        var noText = Claim(NewId("notext"));
        noText.Text = "";
        var withStatus = Claim(NewId("status"));
        withStatus.Status = Status.Confirmed;
        var repeatedTopic = Claim(NewId("topics"), ["t", "t"]);

        var ex = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => SendAsync(Batch(Claim(valid), badId, noText, withStatus, null, repeatedTopic)));

        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field);
        Assert.Equal(["requests[1].claim.id", "requests[2].claim.text", "requests[3].claim.status", "requests[4].claim",
            "requests[5].claim.topics"], fields);
        Assert.False(await ExistsAsync(valid));
    }

    [StoreFact]
    public async Task An_id_given_twice_must_carry_the_same_claim()
    {
        var (a, b) = (NewId("a"), NewId("b"));
        var ex = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => SendAsync(Batch(Claim(a), Claim(b), Claim(a, ["other"]))), "requests[2].claim.id");
        Assert.Contains("requests[0]", ex.Status.Detail);
        Assert.False(await ExistsAsync(a));
        Assert.False(await ExistsAsync(b));

        var twice = await SendAsync(Batch(Claim(a, ["x", "y"]), Claim(a, ["y", "x"])));
        Assert.Equal(twice.Claims[0], twice.Claims[1]);
        Assert.Equal(Status.Unverified, twice.Claims[1].Status);
    }

    [StoreFact]
    public async Task A_batch_holds_one_to_a_thousand_claims()
    {
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => SendAsync(new BatchCreateClaimsRequest()), "requests");

        var prefix = NewId("limit");
        var tooMany = Batch([.. Enumerable.Range(0, 1001).Select(i => Claim($"{prefix}-{i:D4}"))]);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => SendAsync(tooMany), "requests");
        Assert.False(await ExistsAsync($"{prefix}-0000"));

        tooMany.Requests.RemoveAt(1000);
        var response = await SendAsync(tooMany);
        Assert.Equal(1000, response.Claims.Count);
        Assert.All(response.Claims, c => Assert.Equal(Status.Unverified, c.Status));
    }
}

public sealed class ClaimBatchTestsOnSqlite(ServerFixture server) : ClaimBatchTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class ClaimBatchTestsOnSqlServer(SqlServerServerFixture server) : ClaimBatchTests(server), IClassFixture<SqlServerServerFixture>;
