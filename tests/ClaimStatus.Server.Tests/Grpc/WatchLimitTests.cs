using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Statuses;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

public sealed class SmallWatchLimitsServer() : ServerFixture(new Dictionary<string, string?>
{
    ["Watch:MaxClaimsPerWatch"] = "3",
    ["Watch:MaxStreams"] = "3",
    ["Watch:MaxStreamsPerCaller"] = "2",
    ["Watch:InitialPageSize"] = "2",
});

public sealed class WatchLimitTests(SmallWatchLimitsServer server) : IClassFixture<SmallWatchLimitsServer>
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    async Task<string> TopicWithClaimsAsync(int count)
    {
        var topic = NewId("t");
        for (var i = 0; i < count; i++) await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(NewId("c"), [topic]) });
        return topic;
    }

    [Fact]
    public async Task A_topic_at_the_cap_is_sent_page_by_page_and_one_over_it_is_refused()
    {
        var atCap = await TopicWithClaimsAsync(3);
        using (var watch = _client.WatchStatus(new WatchStatusRequest { Topic = atCap }))
        {
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                Assert.True(await watch.ResponseStream.MoveNext());
                ids.Add(watch.ResponseStream.Current.Status.ClaimId);
            }
            Assert.Equal(3, ids.Distinct().Count());
        }

        var overCap = await TopicWithClaimsAsync(4);
        using var refused = _client.WatchStatus(new WatchStatusRequest { Topic = overCap });
        var ex = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => refused.ResponseStream.MoveNext());
        Assert.Contains("Watch:MaxClaimsPerWatch", ex.Status.Detail);
    }

    [Fact]
    public async Task A_caller_over_its_stream_cap_is_refused_until_one_of_its_streams_closes()
    {
        var claim = NewId("c");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        var open = new List<AsyncServerStreamingCall<WatchStatusResponse>>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var watch = _client.WatchStatus(new WatchStatusRequest { ClaimIds = { claim } });
                open.Add(watch);
                Assert.True(await watch.ResponseStream.MoveNext());
            }
            using (var third = _client.WatchStatus(new WatchStatusRequest { ClaimIds = { claim } }))
            {
                var ex = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => third.ResponseStream.MoveNext());
                Assert.Contains("Watch:MaxStreamsPerCaller", ex.Status.Detail);
            }

            open[0].Dispose();
            open.RemoveAt(0);
            // The server frees the slot when it sees the cancellation; allow it a moment, boundedly.
            var reopened = false;
            for (var attempt = 0; attempt < 50 && !reopened; attempt++)
            {
                var watch = _client.WatchStatus(new WatchStatusRequest { ClaimIds = { claim } });
                try
                {
                    reopened = await watch.ResponseStream.MoveNext();
                    open.Add(watch);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    watch.Dispose();
                    await Task.Delay(100);
                }
            }
            Assert.True(reopened);
        }
        finally
        {
            foreach (var watch in open) watch.Dispose();
        }
    }

    [Fact]
    public void The_total_cap_counts_every_caller_and_a_closed_lease_frees_its_slot()
    {
        var streams = new WatchStreams(Options.Create(new WatchOptions { MaxStreams = 2, MaxStreamsPerCaller = 5 }),
            server.Services.GetRequiredService<IHostApplicationLifetime>(), TimeProvider.System);
        using var first = streams.TryOpen("alice", out _);
        var second = streams.TryOpen("bob", out _);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(streams.TryOpen("carol", out var refusal));
        Assert.Contains("Watch:MaxStreams", refusal);

        second!.Dispose();
        second.Dispose();
        Assert.Equal(1, streams.Open);
        using var third = streams.TryOpen("carol", out _);
        Assert.NotNull(third);
    }
}
