using System.Reflection;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>A server whose store runs the work given to <see cref="ArmOnce"/> once, right after a topic watch has
/// read its topic's claims: the moment a claim created by another caller is not in the list yet.</summary>
public sealed class TopicListingServer : ServerFixture
{
    protected override void Configure(WebApplicationBuilder builder)
    {
        var original = builder.Services.Last(d => d.ServiceType == typeof(IClaimStore));
        builder.Services.Remove(original);
        builder.Services.AddSingleton(sp =>
        {
            var store = DispatchProxy.Create<IClaimStore, ListingHook>();
            var hook = (ListingHook)(object)store;
            hook.Inner = (IClaimStore)original.ImplementationFactory!(sp);
            hook.After = topic => Interlocked.Exchange(ref _once, null) is { } run ? run(sp, topic) : Task.CompletedTask;
            return store;
        });
    }

    Func<IServiceProvider, string, Task>? _once;

    public void ArmOnce(Func<IServiceProvider, string, Task> run) => _once = run;

    public class ListingHook : DispatchProxy
    {
        internal IClaimStore Inner { get; set; } = null!;
        internal Func<string, Task> After { get; set; } = _ => Task.CompletedTask;

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            var result = method!.Invoke(Inner, args);
            return method.Name == nameof(IClaimStore.ListClaimsAsync) && args![3] is string topic
                ? ThenAsync((Task<IReadOnlyList<ClaimRecord>>)result!, topic)
                : result;
        }

        async Task<IReadOnlyList<ClaimRecord>> ThenAsync(Task<IReadOnlyList<ClaimRecord>> listing, string topic)
        {
            var claims = await listing;
            await After(topic);
            return claims;
        }
    }
}

public sealed class WatchTopicListingTests(TopicListingServer server) : IClassFixture<TopicListingServer>
{
    [Fact]
    public async Task A_claim_created_while_a_topic_watch_reads_its_claims_still_reaches_the_watch()
    {
        var topic = NewId("listing");
        var (early, late) = (NewId("early"), NewId("late"));
        await server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(early, [topic]) });
        // Another caller's claim, created and given its first status after the listing and before the watch reads
        // its resume point: neither an initial status nor a later transition of the listing may leave it out.
        server.ArmOnce(async (services, t) =>
        {
            var store = services.GetRequiredService<IClaimStore>();
            await store.CreateClaimAsync(new NewClaim(late, "Claim " + late, [t], [], []), default);
            var assessed = await services.GetRequiredService<ClaimAssessor>().AssessAsync([late], DateTimeOffset.UtcNow, default);
            await store.RecordStatusAsync(assessed[0], "created", DateTimeOffset.UtcNow, default);
            services.GetRequiredService<TransitionFeed>().Nudge();
        });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var watch = server.Client.WatchStatus(new WatchStatusRequest { Topic = topic }, cancellationToken: cts.Token);
        var seen = new List<string>();
        try
        {
            while (!seen.Contains(late) && await watch.ResponseStream.MoveNext(cts.Token))
                seen.Add(watch.ResponseStream.Current.Status.ClaimId);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled) { }
        Assert.Equal([early, late], seen);
    }
}
