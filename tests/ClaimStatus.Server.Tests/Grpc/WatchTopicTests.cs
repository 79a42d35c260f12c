using System.Collections.Concurrent;
using System.Reflection;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Status = ClaimStatus.Contracts.V1.Status;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>A server whose store counts the reads of each claim and can run work once, right after a topic watch
/// has read its topic's claims: the moment a claim created by another caller is not in the list yet.</summary>
public sealed class ObservedStoreServer : ServerFixture
{
    readonly ConcurrentDictionary<string, int> _claimReads = new(StringComparer.Ordinal);
    Func<IServiceProvider, string, Task>? _afterTopicListing;

    public void ArmAfterTopicListing(Func<IServiceProvider, string, Task> run) => _afterTopicListing = run;

    public int ClaimReads(string claimId) => _claimReads.GetValueOrDefault(claimId);

    protected override void Configure(WebApplicationBuilder builder)
    {
        var original = builder.Services.Last(d => d.ServiceType == typeof(IClaimStore));
        builder.Services.Remove(original);
        builder.Services.AddSingleton(sp =>
        {
            var store = DispatchProxy.Create<IClaimStore, Observer>();
            var observer = (Observer)(object)store;
            observer.Inner = (IClaimStore)original.ImplementationFactory!(sp);
            observer.ClaimRead = id => _claimReads.AddOrUpdate(id, 1, (_, n) => n + 1);
            observer.AfterTopicListing = topic =>
                Interlocked.Exchange(ref _afterTopicListing, null) is { } run ? run(sp, topic) : Task.CompletedTask;
            return store;
        });
    }

    public class Observer : DispatchProxy
    {
        internal IClaimStore Inner { get; set; } = null!;
        internal Action<string> ClaimRead { get; set; } = _ => { };
        internal Func<string, Task> AfterTopicListing { get; set; } = _ => Task.CompletedTask;

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IClaimStore.GetClaimAsync)) ClaimRead((string)args![0]!);
            var result = method.Invoke(Inner, args);
            return method.Name == nameof(IClaimStore.ListClaimsAsync) && args![3] is string topic
                ? ThenAsync((Task<IReadOnlyList<ClaimRecord>>)result!, topic)
                : result;
        }

        async Task<IReadOnlyList<ClaimRecord>> ThenAsync(Task<IReadOnlyList<ClaimRecord>> listing, string topic)
        {
            var claims = await listing;
            await AfterTopicListing(topic);
            return claims;
        }
    }
}

public sealed class WatchTopicTests(ObservedStoreServer server) : IClassFixture<ObservedStoreServer>
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

    [Fact]
    public async Task A_claim_created_while_a_topic_watch_reads_its_claims_still_reaches_the_watch()
    {
        var topic = NewId("listing");
        var (early, late) = (NewId("early"), NewId("late"));
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(early, [topic]) });
        // Another caller's claim, created and given its first status after the listing and before the watch reads
        // its resume point: neither an initial status nor a later transition of the listing may leave it out.
        server.ArmAfterTopicListing(async (services, t) =>
        {
            var store = services.GetRequiredService<IClaimStore>();
            await store.CreateClaimAsync(new NewClaim(late, "Claim " + late, [t], [], []), default);
            var assessed = await services.GetRequiredService<ClaimAssessor>().AssessAsync([late], DateTimeOffset.UtcNow, default);
            await store.RecordStatusAsync(assessed[0], "created", DateTimeOffset.UtcNow, default);
            services.GetRequiredService<TransitionFeed>().Nudge();
        });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var watch = _client.WatchStatus(new WatchStatusRequest { Topic = topic }, cancellationToken: cts.Token);
        var seen = new List<string>();
        try
        {
            while (!seen.Contains(late) && await watch.ResponseStream.MoveNext(cts.Token))
                seen.Add(watch.ResponseStream.Current.Status.ClaimId);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled) { }
        Assert.Equal([early, late], seen);
    }

    [Fact]
    public async Task Topic_watches_read_a_changed_claim_of_another_topic_once_between_them()
    {
        const int Watches = 10;
        var (topic, other) = (NewId("mine"), NewId("other"));
        var (mine, foreign) = (NewId("mine"), NewId("foreign"));
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(mine, [topic]) });
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(foreign, [other]) });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watches = Enumerable.Range(0, Watches)
            .Select(_ => _client.WatchStatus(new WatchStatusRequest { Topic = topic }, cancellationToken: cts.Token)).ToList();
        try
        {
            foreach (var w in watches) Assert.True(await w.ResponseStream.MoveNext(cts.Token), "no initial status");
            var before = server.ClaimReads(foreign);
            // The foreign claim changes first, so a watch that has the change of its own claim has met it.
            await ConfirmAsync(foreign);
            await ConfirmAsync(mine);
            foreach (var w in watches)
            {
                Assert.True(await w.ResponseStream.MoveNext(cts.Token), "the watch ended early");
                Assert.Equal((mine, Status.Confirmed), (w.ResponseStream.Current.Status.ClaimId, w.ResponseStream.Current.Transition.ToStatus));
            }
            // Ten watches met the change: they read the claim once between them (the writes may read it for their own checks).
            Assert.InRange(server.ClaimReads(foreign) - before, 1, 3 + 1);
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }
}
