using ClaimStatus.Server.Tests.Storage;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Storage;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Status = ClaimStatus.Contracts.V1.Status;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

public abstract class StatusTests(ServerFixture server)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    /// <summary>A claim supported by three independent, completely reliable sources on three days.</summary>
    async Task<string> WellSupportedClaimAsync(string? topic = null)
    {
        var claim = NewId("claim");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim, topic is null ? null : [topic]) });
        for (var i = 0; i < 3; i++)
        {
            var source = NewId($"src{i}");
            await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day.AddDays(i)) });
        }
        return claim;
    }

    [StoreFact]
    public async Task Status_follows_the_evidence_as_of_the_time_asked()
    {
        var claim = await WellSupportedClaimAsync();

        var before = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, AsOf = At(Day.AddHours(-1)) });
        Assert.Equal(Status.Unverified, before.Status);
        Assert.Equal(0, before.AssertionsUsed);

        var oneVoice = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, AsOf = At(Day.AddHours(1)) });
        Assert.Equal(Status.Unverified, oneVoice.Status);
        Assert.Equal(1, oneVoice.SupportingGroups);

        var basic = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim });
        Assert.Equal((Status.Confirmed, 0, 0), (basic.Status, basic.Contributions.Count, basic.Decision.Count));
        var now = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Full });
        Assert.Equal(Status.Confirmed, now.Status);
        Assert.Equal(3, now.SupportingGroups);
        Assert.Equal(3, now.Contributions.Count);
        Assert.NotEmpty(now.PolicyName);
        Assert.NotEmpty(now.PolicyVersion);
        Assert.NotEmpty(now.Reason);
        Assert.InRange(now.Probability, 0.5, 1.0);
        Assert.InRange(now.Belief + now.Disbelief + now.Uncertainty, 0.999, 1.001);
    }

    [StoreFact]
    public async Task A_caller_reads_its_own_write_from_the_kept_report_which_equals_the_evidence_scored()
    {
        var claim = await WellSupportedClaimAsync();
        var source = NewId("late");
        await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
        var written = await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Refutes, Day.AddDays(5)) });

        // The write rescored its claim before it returned: the report is kept and nothing is pending.
        var store = server.Services.GetRequiredService<IClaimStore>();
        Assert.Empty(await store.PendingRescoresOfAsync([claim], default));
        var policy = server.Services.GetRequiredService<ClaimStatus.Server.Statuses.ClaimAssessor>().Policy.Version;
        Assert.Single(await store.CurrentAssessmentsAsync([claim], policy, DateTimeOffset.UtcNow, full: true, default));

        var kept = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Full });
        Assert.Equal(4, kept.AssertionsUsed);
        Assert.Contains(kept.Contributions, c => c.AssertionId == written.Assertion.Id);
        // The same read as of the kept report's time scores the evidence: field for field the same answer.
        var scored = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Full, AsOf = kept.AsOf });
        Assert.Equal(scored, kept);
        var batch = await _client.BatchGetStatusAsync(new BatchGetStatusRequest { ClaimIds = { claim, claim }, View = StatusView.Full });
        // Read a moment later: the same report but for its time.
        Assert.All(batch.Statuses, s => Assert.Equal(scored, AsOf(s, scored.AsOf)));
    }

    static StatusReport AsOf(StatusReport report, Google.Protobuf.WellKnownTypes.Timestamp time)
    {
        var copy = report.Clone();
        copy.AsOf = time;
        foreach (var c in copy.Contributions) c.Learned.AsOf = time;
        return copy;
    }

    [StoreFact]
    public async Task A_write_whose_rescoring_has_not_run_is_read_from_the_evidence()
    {
        var claim = await WellSupportedClaimAsync();
        var source = NewId("replica");
        await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
        // Another replica's write that has not been rescored yet: only its outbox row says so.
        var store = server.Services.GetRequiredService<IClaimStore>();
        await store.AppendAssertionsAsync([new(claim, source, Scoring.Stance.Refutes, Scoring.Hedge.Certain, Scoring.EvidenceKind.OfficialStatement,
            Day.AddDays(6), null, null, "replica-write")], default);

        var status = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim });
        Assert.Equal(4, status.AssertionsUsed);
    }

    [StoreFact]
    public async Task Full_view_pages_contributions_and_counts_them_all()
    {
        var claim = NewId("claim");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        for (var i = 0; i < 25; i++)
        {
            var source = NewId($"src{i}");
            await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.C, NewId("group")) });
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Reports, Day.AddHours(i)) });
        }

        var pages = new List<StatusReport>();
        var request = new GetStatusRequest { ClaimId = claim, ContributionsPageSize = 10, View = StatusView.Full };
        do
        {
            pages.Add(await _client.GetStatusAsync(request));
            request = new GetStatusRequest { ClaimId = claim, ContributionsPageSize = 10, ContributionsPageToken = pages[^1].NextContributionsPageToken };
        } while (pages[^1].NextContributionsPageToken.Length > 0 && pages.Count < 10);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Contributions.Count));
        Assert.All(pages, p => Assert.Equal(25, p.ContributionsTotal));
        Assert.All(pages, p => Assert.Equal(pages[0].AsOf, p.AsOf));
        var ids = pages.SelectMany(p => p.Contributions).Select(c => c.AssertionId).ToList();
        Assert.Equal(25, ids.Distinct().Count());
        Assert.Equal(ids.Order(), ids);

        var batch = await _client.BatchGetStatusAsync(new BatchGetStatusRequest { ClaimIds = { claim }, View = StatusView.Full });
        Assert.Equal((20, 25), (batch.Statuses[0].Contributions.Count, batch.Statuses[0].ContributionsTotal));
        Assert.NotEmpty(batch.Statuses[0].NextContributionsPageToken);

        var other = await WellSupportedClaimAsync();
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.GetStatusAsync(
            new GetStatusRequest { ClaimId = other, ContributionsPageToken = pages[0].NextContributionsPageToken }).ResponseAsync,
            "contributions_page_token");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _client.GetStatusAsync(
            new GetStatusRequest { ClaimId = claim, ContributionsPageSize = 1001 }).ResponseAsync, "contributions_page_size");
    }

    [StoreFact]
    public async Task Basic_view_leaves_out_the_contributions()
    {
        var claim = await WellSupportedClaimAsync();
        var basic = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Basic });
        Assert.Empty(basic.Contributions);
        Assert.Equal(Status.Confirmed, basic.Status);
    }

    [StoreFact]
    public async Task Adjudication_fixes_the_status_from_its_decision_on()
    {
        var claim = await WellSupportedClaimAsync();
        await _client.RecordAdjudicationAsync(new RecordAdjudicationRequest
        {
            Adjudication = new Adjudication { ClaimId = claim, Truth = Truth.False, DecidedAt = At(Day.AddDays(10)) },
        });
        var before = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, AsOf = At(Day.AddDays(9)) });
        var after = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, AsOf = At(Day.AddDays(11)) });
        Assert.Equal(Status.Confirmed, before.Status);
        Assert.Equal(Status.Denied, after.Status);
        Assert.Equal(Truth.False, after.Adjudication.Truth);
    }

    [StoreFact]
    public async Task Batch_returns_statuses_in_the_order_asked_and_refuses_unknown_claims()
    {
        var confirmed = await WellSupportedClaimAsync();
        var empty = NewId("empty");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(empty) });

        var batch = await _client.BatchGetStatusAsync(new BatchGetStatusRequest { ClaimIds = { empty, confirmed } });
        Assert.Equal([empty, confirmed], batch.Statuses.Select(s => s.ClaimId));
        Assert.Equal([Status.Unverified, Status.Confirmed], batch.Statuses.Select(s => s.Status));

        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => _client.BatchGetStatusAsync(new BatchGetStatusRequest { ClaimIds = { confirmed, NewId("ghost") } }).ResponseAsync);
    }

    [StoreFact]
    public async Task Transitions_record_each_change_of_status()
    {
        var claim = await WellSupportedClaimAsync();
        var history = await _client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = claim });
        Assert.Equal(
            [(Status.Unspecified, Status.Unverified), (Status.Unverified, Status.Confirmed)],
            history.Transitions.Select(t => (t.FromStatus, t.ToStatus)));
        Assert.All(history.Transitions, t => Assert.NotEmpty(t.PolicyVersion));
    }

    [StoreFact]
    public async Task Watch_sends_the_current_status_then_each_change()
    {
        var topic = NewId("watched");
        var claim = NewId("claim");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim, [topic]) });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = _client.WatchStatus(new WatchStatusRequest { Topic = topic }, cancellationToken: cts.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(Status.Unverified, watch.ResponseStream.Current.Status.Status);
        Assert.Null(watch.ResponseStream.Current.Transition);

        for (var i = 0; i < 3; i++)
        {
            var source = NewId($"w{i}");
            await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day.AddDays(i)) });
        }

        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        var change = watch.ResponseStream.Current;
        Assert.NotNull(change.Transition);
        Assert.Equal(claim, change.Transition.ClaimId);
        Assert.Equal(Status.Unverified, change.Transition.FromStatus);
        Assert.Equal(Status.Confirmed, change.Transition.ToStatus);
        Assert.Equal(Status.Confirmed, change.Status.Status);
    }

    [StoreFact]
    public async Task Watch_of_an_unknown_claim_is_not_found()
    {
        using var watch = _client.WatchStatus(new WatchStatusRequest { ClaimIds = { NewId("ghost") } });
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => watch.ResponseStream.MoveNext());
    }

    [StoreFact]
    public async Task Status_call_returns_its_trace_id_as_a_trailer()
    {
        var claim = await WellSupportedClaimAsync();
        using var call = _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim });
        await call.ResponseAsync;
        var traceId = call.GetTrailers().GetValue("trace-id");
        Assert.Matches("^[0-9a-f]{32}$", traceId);
    }
}

public sealed class StatusTestsOnSqlite(ServerFixture server) : StatusTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class StatusTestsOnSqlServer(SqlServerServerFixture server) : StatusTests(server), IClassFixture<SqlServerServerFixture>;
