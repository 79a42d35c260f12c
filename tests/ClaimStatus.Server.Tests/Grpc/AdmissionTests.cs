using ClaimStatus.Server.Tests.Storage;
using ClaimStatus.Contracts.V1;
using Grpc.Core;
using Status = ClaimStatus.Contracts.V1.Status;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Rule 7 with a direction: a party the claim would harm admits against interest when it supports.</summary>
public abstract class AdmissionTests(ServerFixture server)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    static Claim Harming(string id, string[] parties, string[] harmed)
    {
        var claim = Claim(id, parties: parties);
        claim.HarmedParties.AddRange(harmed);
        return claim;
    }

    /// <summary>A party's certain SUPPORTS beside one independent B: confirmed only when it is an admission.</summary>
    async Task<StatusReport> PartyAndOneNeutralAsync(bool harmed)
    {
        var party = NewId("party");
        var (partySource, neutral) = (NewId("party-gov"), NewId("neutral"));
        await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(partySource, Reliability.B, party) });
        await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(neutral, Reliability.B, NewId("group")) });
        var claim = NewId("claim");
        var created = await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Harming(claim, [party], harmed ? [party] : []) });
        Assert.Equal(harmed ? [party] : [], created.HarmedParties);
        Assert.Equal(created, await _client.GetClaimAsync(new GetClaimRequest { Id = claim }));
        foreach (var source in new[] { partySource, neutral })
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day) });
        var report = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Full });
        var word = Assert.Single(report.Contributions, c => c.SourceId == partySource);
        Assert.True(word.InterestedParty);
        Assert.False(Assert.Single(report.Contributions, c => c.SourceId == neutral).Admission);
        return report;
    }

    [StoreFact]
    public async Task A_harmed_partys_support_is_an_admission_and_confirms_with_one_independent_voice()
    {
        var report = await PartyAndOneNeutralAsync(harmed: true);
        Assert.Equal(Status.Confirmed, report.Status);
        var admission = Assert.Single(report.Contributions, c => c.Admission);
        Assert.Contains("admission against interest", admission.Why, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.Scoring.ScoringPolicy.Default.Version, report.PolicyVersion);
    }

    [StoreFact]
    public async Task The_same_support_from_a_party_of_unknown_direction_is_discounted()
    {
        var report = await PartyAndOneNeutralAsync(harmed: false);
        Assert.Equal(Status.Unverified, report.Status);
        Assert.DoesNotContain(report.Contributions, c => c.Admission);
    }

    [StoreFact]
    public async Task A_harmed_party_must_be_one_of_the_claims_parties()
    {
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => _client.CreateClaimAsync(new CreateClaimRequest { Claim = Harming(NewId("claim"), ["ru"], ["ru", "kp"]) }).ResponseAsync,
            "claim.harmed_parties[1]");

        var batch = new BatchCreateClaimsRequest();
        batch.Requests.Add(new CreateClaimRequest { Claim = Harming(NewId("claim"), ["ru"], ["ru"]) });
        batch.Requests.Add(new CreateClaimRequest { Claim = Harming(NewId("claim"), [], ["kp"]) });
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => _client.BatchCreateClaimsAsync(batch).ResponseAsync, "requests[1].claim.harmed_parties[0]");
        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => _client.GetClaimAsync(new GetClaimRequest { Id = batch.Requests[0].Claim.Id }).ResponseAsync);
    }

    [StoreFact]
    public async Task Replaying_a_claim_with_other_harmed_parties_is_a_conflict()
    {
        var id = NewId("claim");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Harming(id, ["ru", "kp"], ["kp"]) });
        var replayed = await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Harming(id, ["kp", "ru"], ["kp"]) });
        Assert.Equal(["kp"], replayed.HarmedParties);
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists,
            () => _client.CreateClaimAsync(new CreateClaimRequest { Claim = Harming(id, ["ru", "kp"], ["ru"]) }).ResponseAsync, "claim.id");
    }
}

public sealed class AdmissionTestsOnSqlite(ServerFixture server) : AdmissionTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class AdmissionTestsOnSqlServer(SqlServerServerFixture server) : AdmissionTests(server), IClassFixture<SqlServerServerFixture>;
