using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Grpc;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>With bearer tokens, every write stores the token's subject, and a replay by someone else keeps it.</summary>
public sealed class AuditAuthTests(JwtServerFixture server) : IClassFixture<JwtServerFixture>
{
    const string AllScopes = "claims.read claims.write claims.adjudicate";

    [Fact]
    public async Task Every_write_records_the_token_subject()
    {
        var seen = await AuditWrites.EachKindAsync(server.Client, server.As("ivan@analysts", AllScopes), AuditWrites.NewIds());
        Assert.All(seen, s => Assert.True(s.RecordedBy == "ivan@analysts", $"{s.What}: '{s.RecordedBy}'"));
        Assert.Equal(10, seen.Count);
    }

    [Fact]
    public async Task A_replay_by_another_caller_is_a_replay_and_keeps_the_first_writer()
    {
        var ids = AuditWrites.NewIds();
        await AuditWrites.EachKindAsync(server.Client, server.As("ivan", AllScopes), ids);
        var olga = server.As("olga", AllScopes);

        Assert.Equal("ivan", (await server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(ids.Claim) }, olga)).RecordedBy);
        var replay = await server.Client.RecordAssertionAsync(new RecordAssertionRequest
        {
            Assertion = Assertion(ids.Claim, ids.Source, Stance.Supports, Day, key: ids.Key),
        }, olga);
        Assert.Equal((true, "ivan"), (replay.Replayed, replay.Assertion.RecordedBy));
        var decided = await server.Client.RecordAdjudicationAsync(new RecordAdjudicationRequest
        {
            Adjudication = new Adjudication { ClaimId = ids.Claim, Truth = Truth.True, DecidedAt = At(Day.AddDays(1)), Rationale = "confirmed twice" },
        }, olga);
        Assert.Equal("ivan", decided.RecordedBy);

        // An unchanged source stays ivan's; changing it makes olga its recorder.
        Assert.Equal("ivan", (await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(ids.Source) }, olga)).RecordedBy);
        var changed = await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(ids.Source, Reliability.D) }, olga);
        Assert.Equal("olga", changed.RecordedBy);
    }
}
