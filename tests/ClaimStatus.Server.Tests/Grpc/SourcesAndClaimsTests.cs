using ClaimStatus.Server.Tests.Storage;
using ClaimStatus.Contracts.V1;
using Grpc.Core;
using Status = ClaimStatus.Contracts.V1.Status;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

public abstract class SourcesAndClaimsTests(ServerFixture server)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    [StoreFact]
    public async Task Upserted_source_is_read_back_and_can_be_changed()
    {
        var id = NewId("src");
        var created = await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(id, Reliability.C, "g1") });
        Assert.Equal(Reliability.C, created.Reliability);
        Assert.Equal(["g1"], created.Groups);
        Assert.NotNull(created.Learned);

        var changed = Source(id, Reliability.A, "g2", "g3");
        await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = changed });
        var read = await _client.GetSourceAsync(new GetSourceRequest { Id = id });
        Assert.Equal(Reliability.A, read.Reliability);
        Assert.Equal(["g2", "g3"], read.Groups.Order());
        Assert.True(read.UpdateTime.ToDateTimeOffset() >= read.CreateTime.ToDateTimeOffset());
    }

    [StoreFact]
    public async Task Sources_are_listed_in_pages_that_cover_everything_once()
    {
        var prefix = NewId("page");
        for (var i = 0; i < 7; i++)
            await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source($"{prefix}-{i}") });

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await _client.ListSourcesAsync(new ListSourcesRequest { PageSize = 3, PageToken = token });
            Assert.True(page.Sources.Count <= 3);
            seen.AddRange(page.Sources.Select(s => s.Id));
            token = page.NextPageToken;
        } while (token.Length > 0);

        var mine = seen.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(7, mine.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [StoreFact]
    public async Task Unknown_source_is_not_found()
    {
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => _client.GetSourceAsync(new GetSourceRequest { Id = NewId("nobody") }).ResponseAsync);
    }

    [StoreFact]
    public async Task Claim_is_created_once_and_an_identical_replay_returns_it()
    {
        var id = NewId("claim");
        var created = await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(id, ["t1"], ["p1"]) });
        Assert.Equal(Status.Unverified, created.Status);

        var replayed = await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(id, ["t1"], ["p1"]) });
        Assert.Equal(created.CreateTime, replayed.CreateTime);

        var different = Claim(id, ["t2"]);
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists,
            () => _client.CreateClaimAsync(new CreateClaimRequest { Claim = different }).ResponseAsync, "claim.id");
        var read = await _client.GetClaimAsync(new GetClaimRequest { Id = id });
        Assert.Equal(["t1"], read.Topics);
    }

    [StoreFact]
    public async Task Claims_are_filtered_by_topic_and_status()
    {
        var topic = NewId("topic");
        var ids = new[] { NewId("a"), NewId("b") };
        foreach (var id in ids) await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(id, [topic]) });
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(NewId("other"), ["elsewhere"]) });

        var byTopic = await _client.ListClaimsAsync(new ListClaimsRequest { Topic = topic });
        Assert.Equal(ids.Order(), byTopic.Claims.Select(c => c.Id).Order());

        var unverified = await _client.ListClaimsAsync(new ListClaimsRequest { Topic = topic, Status = Status.Unverified });
        Assert.Equal(2, unverified.Claims.Count);
        var confirmed = await _client.ListClaimsAsync(new ListClaimsRequest { Topic = topic, Status = Status.Confirmed });
        Assert.Empty(confirmed.Claims);
    }
}

public sealed class SourcesAndClaimsTestsOnSqlite(ServerFixture server) : SourcesAndClaimsTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class SourcesAndClaimsTestsOnSqlServer(SqlServerServerFixture server) : SourcesAndClaimsTests(server), IClassFixture<SqlServerServerFixture>;
