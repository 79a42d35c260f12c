using ClaimStatus.Contracts.V1;
using Microsoft.Data.Sqlite;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Faults;

/// <summary>Derived state survives a crash: work left in the rescoring outbox is drained when the server starts
/// again, and the repair command fixes stored statuses that disagree with a fresh computation.</summary>
public sealed class OutboxRecoveryTests : IAsyncLifetime
{
    readonly string _folder = FaultServer.NewDataFolder();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Three claims: one confirmed by three independent A sources, one refuted by them, one with no word.</summary>
    async Task<string[]> WriteClaimsAsync(ClaimStatusService.ClaimStatusServiceClient client)
    {
        string[] claims = ["confirmed", "denied", "silent"];
        foreach (var claim in claims) await client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        for (var i = 0; i < 3; i++)
        {
            var source = $"src{i}";
            await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, $"group{i}") });
            await client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion("confirmed", source, Stance.Supports, Day.AddDays(i)) });
            await client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion("denied", source, Stance.Refutes, Day.AddDays(i)) });
        }
        return claims;
    }

    async Task<int> SqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "claimstatus.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync() ?? 0, System.Globalization.CultureInfo.InvariantCulture);
    }

    static async Task<List<(string Claim, Status Stored, Status Fresh)>> StatusesAsync(FaultServer server, string[] claims)
    {
        var result = new List<(string, Status, Status)>();
        foreach (var claim in claims)
        {
            var stored = (await server.Client.GetClaimAsync(new GetClaimRequest { Id = claim })).Status;
            var fresh = (await server.Client.GetStatusAsync(new GetStatusRequest { ClaimId = claim })).Status;
            result.Add((claim, stored, fresh));
        }
        return result;
    }

    [Fact]
    public async Task A_restart_drains_what_a_crash_left_in_the_outbox()
    {
        string[] claims;
        await using (var server = await FaultServer.StartAsync(_folder))
            claims = await WriteClaimsAsync(server.Client);

        // What a kill between the writes' commits and their rescoring leaves: every claim's row in the outbox and
        // stored statuses that no longer follow the evidence.
        await SqlAsync("UPDATE claims SET status = 'Confirmed';");
        await SqlAsync("""
            INSERT INTO rescore_pending (claim_id, version, cause, enqueued_at)
            SELECT id, 1, 'assertion', '2024-10-18T00:00:00.0000000Z' FROM claims;
            """);

        await using (var server = await FaultServer.StartAsync(_folder))
        {
            for (var i = 0; i < 100 && await SqlAsync("SELECT COUNT(*) FROM rescore_pending;") > 0; i++) await Task.Delay(100);
            Assert.Equal(0, await SqlAsync("SELECT COUNT(*) FROM rescore_pending;"));
            var statuses = await StatusesAsync(server, claims);
            Assert.All(statuses, s => Assert.Equal(s.Fresh, s.Stored));
            Assert.Equal([Status.Confirmed, Status.Denied, Status.Unverified], statuses.Select(s => s.Fresh));
        }
    }

    [Fact]
    public async Task A_write_whose_rescoring_fails_still_replies_with_its_status_and_the_worker_stores_it_later()
    {
        await using var server = await FaultServer.StartAsync(_folder);
        await WriteClaimsAsync(server.Client);
        // The database refuses every change of a stored status: each rescoring, the call's two tries and the worker's, fails.
        await SqlAsync("""
            CREATE TRIGGER refuse_status BEFORE UPDATE OF status ON claims
            BEGIN SELECT RAISE(ABORT, 'status updates refused by the drill'); END;
            """);
        for (var i = 0; i < 3; i++)
        {
            await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source($"late{i}", Reliability.A, $"late-group{i}") });
            await server.Client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion("silent", $"late{i}", Stance.Refutes, Day.AddDays(i)) });
        }

        var created = await server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim("created-in-the-drill") });
        var read = await server.Client.GetStatusAsync(new GetStatusRequest { ClaimId = "silent" });
        var storedDuring = (await server.Client.GetClaimAsync(new GetClaimRequest { Id = "silent" })).Status;
        var waiting = await SqlAsync("SELECT COUNT(*) FROM rescore_pending WHERE claim_id IN ('silent', 'created-in-the-drill');");
        await SqlAsync("DROP TRIGGER refuse_status;");
        for (var i = 0; i < 100 && await SqlAsync("SELECT COUNT(*) FROM rescore_pending;") > 0; i++) await Task.Delay(100);

        Assert.Equal(Status.Unverified, created.Status); // computed for the reply, not stored
        Assert.Equal(Status.Denied, read.Status);        // the read bypasses the pending row: read-your-writes
        Assert.Equal(Status.Unverified, storedDuring);   // the stored status could not move
        Assert.Equal(2, waiting);
        Assert.Equal(0, await SqlAsync("SELECT COUNT(*) FROM rescore_pending;"));
        Assert.Equal(Status.Denied, (await server.Client.GetClaimAsync(new GetClaimRequest { Id = "silent" })).Status);
        Assert.Equal(Status.Unverified, (await server.Client.GetClaimAsync(new GetClaimRequest { Id = "created-in-the-drill" })).Status);
    }

    [Fact]
    public async Task The_repair_command_fixes_a_stored_status_that_disagrees_and_says_how_many()
    {
        string[] claims;
        await using (var server = await FaultServer.StartAsync(_folder))
        {
            claims = await WriteClaimsAsync(server.Client);
            Assert.All(await StatusesAsync(server, claims), s => Assert.Equal(s.Fresh, s.Stored));
        }
        // Behind the store's back, with nothing in the outbox to say so: only a repair can find it.
        Assert.Equal(0, await SqlAsync("SELECT COUNT(*) FROM rescore_pending;"));
        await SqlAsync("UPDATE claims SET status = 'Confirmed' WHERE id = 'denied';");

        var (exitCode, output, error) = await FaultServer.RunProcessAsync(_folder, TimeSpan.FromSeconds(90), "repair");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        Assert.Contains("repaired 1 of 3 claims", output, StringComparison.Ordinal);
        Assert.Equal(1, await SqlAsync("SELECT COUNT(*) FROM status_transitions WHERE claim_id = 'denied' AND cause = 'repair' AND to_status = 'Denied';"));
        await using (var server = await FaultServer.StartAsync(_folder))
            Assert.All(await StatusesAsync(server, claims), s => Assert.Equal(s.Fresh, s.Stored));

        var again = await FaultServer.RunProcessAsync(_folder, TimeSpan.FromSeconds(90), "repair");
        Assert.Contains("repaired 0 of 3 claims", again.Out, StringComparison.Ordinal);
    }
}
