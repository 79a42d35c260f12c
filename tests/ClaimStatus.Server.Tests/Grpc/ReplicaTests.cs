using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Storage;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Two replicas of the real service, each its own host with its own feed and rescoring, over one SQL Server
/// database, started at the same moment as a rollout would start them.</summary>
public sealed class ReplicaPair : IAsyncLifetime
{
    SqlServerTestDatabase? _database;
    readonly List<WebApplication> _apps = [];
    readonly List<GrpcChannel> _channels = [];

    public ClaimStatusService.ClaimStatusServiceClient A { get; private set; } = null!;
    public ClaimStatusService.ClaimStatusServiceClient B { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        if (!SqlServerTestDatabase.IsConfigured) return;
        _database = await SqlServerTestDatabase.CreateAsync();
        for (var i = 0; i < 2; i++)
        {
            _apps.Add(ServerApp.Create([], new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Storage:Provider"] = "SqlServer",
                ["ConnectionStrings:SqlServer"] = _database.ConnectionString,
                ["Watch:PollInterval"] = "00:00:00.100",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        }
        // Both migrate on start: the migration lock must let exactly one apply the scripts.
        await Task.WhenAll(_apps.Select(app => app.StartAsync()));
        foreach (var app in _apps)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _channels.Add(GrpcChannel.ForAddress(address));
        }
        A = new ClaimStatusService.ClaimStatusServiceClient(_channels[0]);
        B = new ClaimStatusService.ClaimStatusServiceClient(_channels[1]);
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (_database is not null) await _database.DisposeAsync();
    }
}

[RequiresSqlServer]
public sealed class ReplicaTestsOnSqlServer(ReplicaPair replicas) : IClassFixture<ReplicaPair>
{
    [StoreFact]
    public async Task Migrations_started_by_two_replicas_at_once_apply_once()
    {
        var scripts = typeof(ServerApp).Assembly.GetManifestResourceNames()
            .Count(n => n.Contains(".Storage.SqlServer.Migrations.", StringComparison.Ordinal));
        await using var connection = new SqlConnection(replicas.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("SELECT COUNT(*), COUNT(DISTINCT ScriptName) FROM dbo.SchemaVersions;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((scripts, scripts), (reader.GetInt32(0), reader.GetInt32(1)));
    }

    [StoreFact]
    public async Task A_watch_on_one_replica_sees_every_transition_committed_through_the_other_in_order_once()
    {
        var topic = NewId("topic");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = replicas.B.WatchStatus(new WatchStatusRequest { Topic = topic }, cancellationToken: cts.Token);

        var claims = new List<string>();
        for (var c = 0; c < 4; c++)
        {
            var claim = NewId("claim");
            claims.Add(claim);
            await replicas.A.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim, [topic]) });
            for (var i = 0; i < 3; i++)
            {
                var source = NewId($"src{i}");
                await replicas.A.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
                await replicas.A.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day.AddDays(i)) });
            }
        }

        var stored = new List<StatusTransition>();
        foreach (var claim in claims)
            stored.AddRange((await replicas.A.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = claim, PageSize = 100 })).Transitions);
        Assert.All(claims, claim => Assert.Contains(stored, t => t.ClaimId == claim && t.ToStatus == Contracts.V1.Status.Confirmed));

        // A claim that joins the topic watch arrives first as its current status, which already reflects the
        // transitions stored by then; every later transition arrives once, in id order.
        var finals = stored.GroupBy(t => t.ClaimId).Select(g => g.Max(t => t.Id)).ToHashSet();
        var seen = new List<StatusTransition>();
        var messages = new List<string>();
        try
        {
            while (!finals.IsSubsetOf(seen.Select(t => t.Id)) && await watch.ResponseStream.MoveNext(cts.Token))
            {
                var m = watch.ResponseStream.Current;
                messages.Add($"{m.Status?.ClaimId} {m.Status?.Status} transition {m.Transition?.Id}");
                if (m.Transition is { } transition) seen.Add(transition);
            }
        }
        catch (RpcException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"stored {string.Join(", ", stored.Select(t => $"{t.Id} {t.ClaimId} {t.ToStatus}"))}; watched {string.Join(" | ", messages)}");
        }
        Assert.Equal(seen.Select(t => t.Id).Order(), seen.Select(t => t.Id));
        Assert.Equal(seen.Count, seen.Select(t => t.Id).Distinct().Count());
        Assert.All(seen, t => Assert.Contains(stored, s => (s.Id, s.ClaimId, s.ToStatus) == (t.Id, t.ClaimId, t.ToStatus)));
        foreach (var chain in stored.GroupBy(t => t.ClaimId))
        {
            var ids = chain.OrderBy(t => t.Id).Select(t => t.Id).ToList();
            var missed = ids.Where(id => seen.All(t => t.Id != id)).ToList();
            Assert.Equal(ids.Take(missed.Count), missed);
        }
    }

    [StoreFact]
    public async Task Sixteen_writers_over_both_replicas_lose_and_double_nothing()
    {
        var shared = NewId("claim");
        var own = Enumerable.Range(0, 16).Select(i => NewId($"claim{i}")).ToList();
        var sources = Enumerable.Range(0, 4).Select(i => NewId($"src{i}")).ToList();
        foreach (var claim in own.Append(shared))
            await replicas.A.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        foreach (var source in sources)
            await replicas.B.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.B, NewId("group")) });

        const int perWriter = 12;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async w =>
        {
            var client = w % 2 == 0 ? replicas.A : replicas.B;
            for (var i = 0; i < perWriter; i++)
            {
                // Writers w and w + 1 send the same assertions to the shared claim, from different replicas.
                var stance = (w / 2 + i) % 3 == 0 ? Stance.Refutes : Stance.Supports;
                var source = sources[(w / 2 + i) % sources.Count];
                // The same key from two writers on two replicas: stored once, the loser is told it replayed.
                await client.RecordAssertionAsync(new RecordAssertionRequest
                {
                    Assertion = Assertion(shared, source, stance, Day.AddHours(i), key: $"shared-{w / 2}-{i}"),
                });
                await client.RecordAssertionAsync(new RecordAssertionRequest
                {
                    Assertion = Assertion(own[w], source, stance, Day.AddHours(i), key: $"own-{i}"),
                });
            }
        }));

        var sharedStored = await replicas.B.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = shared, PageSize = 1000 });
        Assert.Equal(8 * perWriter, sharedStored.Assertions.Count);
        Assert.Equal(sharedStored.Assertions.Count, sharedStored.Assertions.Select(a => a.Key).Distinct().Count());
        foreach (var claim in own)
            Assert.Equal(perWriter, (await replicas.A.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = claim, PageSize = 1000 })).Assertions.Count);

        // Rescoring after each write runs on the replica that took it; once it settles, the stored status of every
        // claim is what scoring its evidence now gives.
        foreach (var claim in own.Append(shared))
        {
            var fresh = await replicas.B.GetStatusAsync(new GetStatusRequest { ClaimId = claim, View = StatusView.Basic });
            var stored = await EventuallyAsync(() => replicas.A.GetClaimAsync(new GetClaimRequest { Id = claim }).ResponseAsync,
                c => c.Status == fresh.Status);
            Assert.Equal(fresh.Status, stored.Status);
            var chain = (await replicas.A.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = claim, PageSize = 100 })).Transitions;
            for (var i = 1; i < chain.Count; i++)
            {
                Assert.Equal(chain[i - 1].ToStatus, chain[i].FromStatus);
                Assert.NotEqual(chain[i].FromStatus, chain[i].ToStatus);
            }
        }
    }

    static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var attempt = 0; attempt < 50 && !done(value); attempt++)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }
}
