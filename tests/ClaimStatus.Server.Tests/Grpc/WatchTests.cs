using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Status = ClaimStatus.Contracts.V1.Status;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>The feed polls only when nudged, so a transition stored without a nudge is one it has not seen yet
/// when a watch subscribes: the order that used to reach watchers late.</summary>
public sealed class NudgedOnlyServer() : ServerFixture(new Dictionary<string, string?> { ["Watch:PollInterval"] = "01:00:00" });

public sealed class WatchTests(NudgedOnlyServer server) : IClassFixture<NudgedOnlyServer>
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    async Task ConfirmAsync(string claim)
    {
        for (var i = 0; i < 3; i++)
        {
            var source = NewId($"s{i}");
            await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day.AddDays(i)) });
        }
    }

    static async Task<WatchStatusResponse> NextAsync(AsyncServerStreamingCall<WatchStatusResponse> watch, CancellationToken ct)
    {
        Assert.True(await watch.ResponseStream.MoveNext(ct), "the watch ended early");
        return watch.ResponseStream.Current;
    }

    async Task<List<StatusTransition>> StoredAfterAsync(long after, params string[] claims)
    {
        var all = new List<StatusTransition>();
        foreach (var claim in claims)
            all.AddRange((await _client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = claim })).Transitions);
        return [.. all.Where(t => t.Id > after).OrderBy(t => t.Id)];
    }

    [Fact]
    public async Task A_transition_stored_before_the_watch_is_not_sent_after_the_current_status()
    {
        var topic = NewId("race");
        var claim = NewId("claim");
        // Stored without a nudge: the feed has not read this "created" transition when the watch subscribes.
        var store = server.Services.GetRequiredService<IClaimStore>();
        await store.CreateClaimAsync(new NewClaim(claim, "Claim " + claim, [topic], [], []), default);
        var assessed = await server.Services.GetRequiredService<ClaimAssessor>().AssessAsync([claim], DateTimeOffset.UtcNow, default);
        Assert.NotNull(await store.RecordStatusAsync(assessed[0], "created", DateTimeOffset.UtcNow, default));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = _client.WatchStatus(new WatchStatusRequest { Topic = topic }, cancellationToken: cts.Token);
        var first = await NextAsync(watch, cts.Token);
        Assert.Equal(Status.Unverified, first.Status.Status);
        Assert.Null(first.Transition);

        await ConfirmAsync(claim);
        var next = await NextAsync(watch, cts.Token);
        Assert.Equal((Status.Unverified, Status.Confirmed), (next.Transition.FromStatus, next.Transition.ToStatus));
        Assert.Equal(next.Transition.Id, next.TransitionId);
        Assert.True(next.TransitionId > first.TransitionId);
    }

    [Fact]
    public async Task A_watch_resumed_after_a_break_misses_nothing_and_repeats_nothing()
    {
        var topic = NewId("resume");
        var (a, b, late) = (NewId("a"), NewId("b"), NewId("late"));
        foreach (var id in new[] { a, b }) await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(id, [topic]) });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        long resumeAt;
        var seen = new List<long>();
        using (var first = _client.WatchStatus(new WatchStatusRequest { Topic = topic }, cancellationToken: cts.Token))
        {
            Assert.Null((await NextAsync(first, cts.Token)).Transition);
            Assert.Null((await NextAsync(first, cts.Token)).Transition);
            await ConfirmAsync(a);
            var change = await NextAsync(first, cts.Token);
            Assert.Equal((a, Status.Confirmed), (change.Transition.ClaimId, change.Transition.ToStatus));
            resumeAt = change.TransitionId;
            seen.Add(resumeAt);
        }

        // While nobody watches: a change on each claim, and a new claim with the topic.
        await ConfirmAsync(b);
        await _client.RecordAdjudicationAsync(new RecordAdjudicationRequest
        {
            Adjudication = new Adjudication { ClaimId = a, Truth = Truth.False, DecidedAt = At(Day.AddDays(5)) },
        });
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(late, [topic]) });
        var missed = await StoredAfterAsync(resumeAt, a, b, late);
        Assert.Equal(3, missed.Count);

        using var second = _client.WatchStatus(new WatchStatusRequest { Topic = topic, ResumeAfter = resumeAt }, cancellationToken: cts.Token);
        var replayed = new List<StatusTransition>();
        for (var i = 0; i < missed.Count; i++) replayed.Add((await NextAsync(second, cts.Token)).Transition);
        Assert.Equal(missed.Select(t => (t.Id, t.ClaimId, t.FromStatus, t.ToStatus)), replayed.Select(t => (t.Id, t.ClaimId, t.FromStatus, t.ToStatus)));
        seen.AddRange(replayed.Select(t => t.Id));

        // Then live, with nothing in between.
        await ConfirmAsync(late);
        var live = await NextAsync(second, cts.Token);
        Assert.Equal((late, Status.Confirmed), (live.Transition.ClaimId, live.Transition.ToStatus));
        seen.Add(live.TransitionId);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var stored = await StoredAfterAsync(resumeAt - 1, a, b, late);
        Assert.Equal(stored.Select(t => t.Id), seen);
    }

    [Fact]
    public async Task Resume_after_a_transition_not_yet_stored_is_invalid()
    {
        var claim = NewId("claim");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        using var watch = _client.WatchStatus(new WatchStatusRequest { ClaimIds = { claim }, ResumeAfter = long.MaxValue });
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => watch.ResponseStream.MoveNext(), "resume_after");
    }
}
