using System.Collections.Concurrent;
using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Storage;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Concurrent writers for a while: 16 on one claim and 16 on a claim each, with pairs of writers sending
/// the same idempotency keys at the same time. The suite runs it for CLAIMSTATUS_SOAK_SECONDS (default 10);
/// RELIABILITY.md has a 60 s run.</summary>
public abstract class SoakTests(ServerFixture server, Xunit.Abstractions.ITestOutputHelper output)
{
    readonly ClaimStatusService.ClaimStatusServiceClient _client = server.Client;

    static TimeSpan Duration => TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("CLAIMSTATUS_SOAK_SECONDS"), out var s) ? Math.Clamp(s, 1, 600) : 10);

    [StoreFact]
    public async Task Concurrent_writers_and_duplicate_keys_lose_and_double_nothing()
    {
        var shared = NewId("claim");
        var own = Enumerable.Range(0, 16).Select(i => NewId($"claim{i}")).ToList();
        var sources = Enumerable.Range(0, 6).Select(i => NewId($"src{i}")).ToList();
        foreach (var claim in own.Append(shared)) await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        for (var i = 0; i < sources.Count; i++)
            await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(sources[i], (Reliability)(1 + i % 3), NewId("group")) });

        var sent = new ConcurrentDictionary<(string Claim, string Key), bool>();
        long calls = 0, replays = 0;
        var stop = Stopwatch.StartNew();
        var writers = new List<Task>();
        for (var w = 0; w < 32; w++)
        {
            var writer = w;
            writers.Add(Task.Run(async () =>
            {
                // Writers 0-15 share one claim, two at a time sending the same keys and content; 16-31 have a claim each.
                var onShared = writer < 16;
                var claim = onShared ? shared : own[writer - 16];
                var lane = onShared ? writer / 2 : writer;
                for (var i = 0; stop.Elapsed < Duration && i < 100_000; i++)
                {
                    var stance = (lane + i) % 4 == 0 ? Stance.Refutes : Stance.Supports;
                    var source = sources[(lane * 7 + i) % sources.Count];
                    var key = $"w{lane}-{i}";
                    var reply = await _client.RecordAssertionAsync(new RecordAssertionRequest
                    {
                        Assertion = Assertion(claim, source, stance, Day.AddMinutes(i), key: key),
                    });
                    Assert.Equal(claim, reply.Assertion.ClaimId);
                    Interlocked.Increment(ref calls);
                    if (reply.Replayed) Interlocked.Increment(ref replays);
                    sent[(claim, key)] = true;
                }
            }));
        }
        await Task.WhenAll(writers);
        var seconds = stop.Elapsed.TotalSeconds;

        // Every check is counted first and asserted last, so a failing run still prints its figures.
        int storedTotal = 0, countMismatches = 0, statusMismatches = 0, chainBreaks = 0, transitions = 0;
        foreach (var claim in own.Append(shared))
        {
            var stored = await AllAssertionsAsync(claim);
            storedTotal += stored.Count;
            var expected = sent.Keys.Where(k => k.Claim == claim).Select(k => k.Key).Order(StringComparer.Ordinal).ToList();
            if (!expected.SequenceEqual(stored.Select(a => a.Key).Order(StringComparer.Ordinal))) countMismatches++;

            var fresh = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Basic });
            var current = await _client.GetClaimAsync(new GetClaimRequest { Id = claim });
            for (var attempt = 0; attempt < 100 && current.Status != fresh.Status; attempt++)
            {
                await Task.Delay(100);
                current = await _client.GetClaimAsync(new GetClaimRequest { Id = claim });
            }
            if (fresh.Status != current.Status) statusMismatches++;

            var chain = (await _client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = claim, PageSize = 1000 })).Transitions;
            transitions += chain.Count;
            if (chain[0].FromStatus != Contracts.V1.Status.Unspecified || chain[^1].ToStatus != current.Status) chainBreaks++;
            for (var i = 1; i < chain.Count; i++)
            {
                if (chain[i - 1].ToStatus != chain[i].FromStatus || chain[i].FromStatus == chain[i].ToStatus) chainBreaks++;
            }
        }
        output.WriteLine($"{Duration.TotalSeconds:F0} s soak, 32 writers (16 on one claim in pairs sending the same keys, 16 on a claim each), {seconds:F1} s of writing");
        output.WriteLine($"writes: {calls} calls, {calls / seconds:F0}/s; {replays} answered as replays; {sent.Count} distinct keys");
        output.WriteLine($"stored: {storedTotal} assertions in 17 claims (expected {sent.Count}: each duplicate stored once); claims whose stored keys differ from those sent: {countMismatches}");
        output.WriteLine($"transitions: {transitions} over 17 claims, chain breaks (from != previous to, or a repeated status): {chainBreaks}");
        output.WriteLine($"stored status != fresh computation: {statusMismatches} of 17");
        Assert.Equal(sent.Count, storedTotal);
        Assert.Equal(0, countMismatches);
        Assert.Equal(0, chainBreaks);
        Assert.Equal(0, statusMismatches);
    }

    async Task<List<Assertion>> AllAssertionsAsync(string claim)
    {
        var all = new List<Assertion>();
        var request = new ListAssertionsRequest { ClaimId = claim, PageSize = 1000 };
        while (true)
        {
            var page = await _client.ListAssertionsAsync(request);
            all.AddRange(page.Assertions);
            if (page.NextPageToken.Length == 0) return all;
            request.PageToken = page.NextPageToken;
        }
    }
}

public sealed class SoakTestsOnSqlite(ServerFixture server, Xunit.Abstractions.ITestOutputHelper output)
    : SoakTests(server, output), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class SoakTestsOnSqlServer(SqlServerServerFixture server, Xunit.Abstractions.ITestOutputHelper output)
    : SoakTests(server, output), IClassFixture<SqlServerServerFixture>;
