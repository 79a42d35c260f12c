using ClaimStatus.Server.Tests.Storage;
using ClaimStatus.Contracts.V1;
using Grpc.Core;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

public abstract class EvidenceTests(ServerFixture server)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    async Task<(string Claim, string Source)> SeedAsync()
    {
        var claim = NewId("claim");
        var source = NewId("src");
        await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source) });
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        return (claim, source);
    }

    [StoreFact]
    public async Task Assertion_is_stored_once_per_key_and_a_replay_says_so()
    {
        var (claim, source) = await SeedAsync();
        var assertion = Assertion(claim, source, Stance.Supports, Day, key: "k1");

        var first = await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = assertion });
        Assert.False(first.Replayed);
        Assert.True(first.Assertion.Id > 0);
        Assert.NotNull(first.Assertion.RecordedAt);

        var again = await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = assertion });
        Assert.True(again.Replayed);
        Assert.Equal(first.Assertion.Id, again.Assertion.Id);

        var conflicting = Assertion(claim, source, Stance.Refutes, Day, key: "k1");
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists,
            () => _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = conflicting }).ResponseAsync);

        var listed = await _client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim });
        Assert.Single(listed.Assertions);
    }

    [StoreFact]
    public async Task Assertion_without_a_key_gets_a_derived_one_so_resending_it_stores_nothing()
    {
        var (claim, source) = await SeedAsync();
        var assertion = Assertion(claim, source, Stance.Supports, Day);
        var first = await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = assertion });
        var second = await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = assertion });
        Assert.NotEmpty(first.Assertion.Key);
        Assert.True(second.Replayed);
    }

    [StoreFact]
    public async Task Assertion_about_an_unknown_source_or_relay_is_refused_until_it_is_registered()
    {
        var (claim, source) = await SeedAsync();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => _client.RecordAssertionAsync(new RecordAssertionRequest
        {
            Assertion = Assertion(claim, NewId("ghost"), Stance.Supports, Day),
        }).ResponseAsync, "assertion.source_id");
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => _client.RecordAssertionAsync(new RecordAssertionRequest
        {
            Assertion = Assertion(claim, source, Stance.Supports, Day, reportedVia: NewId("ghost-outlet")),
        }).ResponseAsync, "assertion.reported_via");
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => _client.RecordAssertionAsync(new RecordAssertionRequest
        {
            Assertion = Assertion(NewId("ghost-claim"), source, Stance.Supports, Day),
        }).ResponseAsync, "assertion.claim_id");
        Assert.Empty((await _client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim })).Assertions);
    }

    [StoreFact]
    public async Task Streamed_batches_are_each_atomic_and_a_bad_batch_keeps_the_earlier_ones()
    {
        var (claim, source) = await SeedAsync();
        using var call = _client.RecordAssertions();
        var good = new RecordAssertionsRequest();
        for (var i = 0; i < 50; i++) good.Assertions.Add(Assertion(claim, source, Stance.Supports, Day.AddMinutes(i)));
        await call.RequestStream.WriteAsync(good);

        var bad = new RecordAssertionsRequest();
        bad.Assertions.Add(Assertion(claim, source, Stance.Refutes, Day.AddDays(1)));
        bad.Assertions.Add(Assertion(claim, NewId("ghost"), Stance.Refutes, Day.AddDays(1)));
        await call.RequestStream.WriteAsync(bad);
        await call.RequestStream.CompleteAsync();

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => call.ResponseAsync, "assertions[1].source_id");
        var stored = await _client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim, PageSize = 1000 });
        Assert.Equal(50, stored.Assertions.Count);
        Assert.All(stored.Assertions, a => Assert.Equal(Stance.Supports, a.Stance));
    }

    [StoreFact]
    public async Task Streamed_import_counts_recorded_and_replayed_assertions()
    {
        var (claim, source) = await SeedAsync();
        var batch = new RecordAssertionsRequest();
        for (var i = 0; i < 10; i++) batch.Assertions.Add(Assertion(claim, source, Stance.Supports, Day.AddHours(i)));

        for (var round = 0; round < 2; round++)
        {
            using var call = _client.RecordAssertions();
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
            var result = await call;
            Assert.Equal(1, result.Batches);
            Assert.Equal(round == 0 ? 10 : 0, result.Recorded);
            Assert.Equal(round == 0 ? 0 : 10, result.Replayed);
        }
    }

    [StoreFact]
    public async Task Assertions_are_listed_in_pages()
    {
        var (claim, source) = await SeedAsync();
        for (var i = 0; i < 5; i++)
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Reports, Day.AddHours(i)) });

        var first = await _client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim, PageSize = 2 });
        var second = await _client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim, PageSize = 2, PageToken = first.NextPageToken });
        var third = await _client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim, PageSize = 2, PageToken = second.NextPageToken });
        Assert.Equal(5, first.Assertions.Count + second.Assertions.Count + third.Assertions.Count);
        Assert.Empty(third.NextPageToken);
        Assert.Equal(5, first.Assertions.Concat(second.Assertions).Concat(third.Assertions).Select(a => a.Id).Distinct().Count());
    }

    [StoreFact]
    public async Task Adjudication_is_recorded_once_and_a_different_verdict_is_refused()
    {
        var (claim, _) = await SeedAsync();
        var adjudication = new Adjudication { ClaimId = claim, Truth = Truth.True, DecidedAt = At(Day) };
        var stored = await _client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = adjudication });
        var replay = await _client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = adjudication });
        Assert.Equal(stored.Id, replay.Id);

        var contrary = new Adjudication { ClaimId = claim, Truth = Truth.False, DecidedAt = At(Day) };
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists,
            () => _client.RecordAdjudicationAsync(new RecordAdjudicationRequest { Adjudication = contrary }).ResponseAsync);

        var listed = await _client.ListAdjudicationsAsync(new ListAdjudicationsRequest { ClaimId = claim });
        Assert.Equal(Truth.True, Assert.Single(listed.Adjudications).Truth);
    }

    [StoreFact]
    public async Task Adjudication_of_an_unknown_claim_is_not_found()
    {
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => _client.RecordAdjudicationAsync(new RecordAdjudicationRequest
        {
            Adjudication = new Adjudication { ClaimId = NewId("ghost"), Truth = Truth.True, DecidedAt = At(Day) },
        }).ResponseAsync);
    }
}

public sealed class EvidenceTestsOnSqlite(ServerFixture server) : EvidenceTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class EvidenceTestsOnSqlServer(SqlServerServerFixture server) : EvidenceTests(server), IClassFixture<SqlServerServerFixture>;
