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
                    sent[(claim, key)] = true;
                }
            }));
        }
        await Task.WhenAll(writers);
        output.WriteLine($"{sent.Count} distinct assertions (each sent twice on the shared claim) in {stop.Elapsed.TotalSeconds:F1} s");

        foreach (var claim in own.Append(shared))
        {
            var stored = await AllAssertionsAsync(claim);
            var expected = sent.Keys.Where(k => k.Claim == claim).Select(k => k.Key).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, stored.Select(a => a.Key).Order(StringComparer.Ordinal));

            var fresh = await _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Basic });
            var current = await _client.GetClaimAsync(new GetClaimRequest { Id = claim });
            for (var attempt = 0; attempt < 100 && current.Status != fresh.Status; attempt++)
            {
                await Task.Delay(100);
                current = await _client.GetClaimAsync(new GetClaimRequest { Id = claim });
            }
            Assert.Equal(fresh.Status, current.Status);

            var chain = (await _client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = claim, PageSize = 1000 })).Transitions;
            Assert.Equal(Contracts.V1.Status.Unspecified, chain[0].FromStatus);
            for (var i = 1; i < chain.Count; i++)
            {
                Assert.Equal(chain[i - 1].ToStatus, chain[i].FromStatus);
                Assert.NotEqual(chain[i].FromStatus, chain[i].ToStatus);
            }
            Assert.Equal(current.Status, chain[^1].ToStatus);
        }
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
