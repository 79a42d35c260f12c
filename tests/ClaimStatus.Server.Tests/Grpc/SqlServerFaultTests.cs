using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Storage;
using Grpc.Core;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>The service on SQL Server with its sessions named, so a test can see them on the server, and a command
/// timeout short enough to expire in a test.</summary>
public sealed class SqlServerFaultFixture : IAsyncLifetime
{
    public const int CommandTimeoutSeconds = 4;

    public SqlServerServerFixture Server { get; } = new()
    {
        ApplicationName = "claimstatus-faults-" + Guid.NewGuid().ToString("N")[..12],
        CommandTimeoutSeconds = CommandTimeoutSeconds,
    };

    public ServerSessions Sessions { get; private set; } = null!;

    public bool IsBabelfish { get; private set; }

    public async Task InitializeAsync()
    {
        if (!SqlServerTestDatabase.IsConfigured) return;
        IsBabelfish = await SqlServerTestDatabase.IsBabelfishAsync();
        await Server.InitializeAsync();
        Sessions = new ServerSessions(Server.DatabaseConnectionString, Server.ApplicationName!, IsBabelfish);
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>Real SQL Server errors met by real calls: another session on the same database holds the rows a call
/// needs, deadlocks it, races it to a key, or an operator kills the call's session. Each ends as README's
/// "Deadlines and retries" table says: run again inside the service when the caller did not cause it, otherwise a
/// clear status, and never a half-written call.</summary>
[RequiresSqlServer]
public sealed class SqlServerFaultTests(SqlServerFaultFixture fixture) : IClassFixture<SqlServerFaultFixture>
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    // A claim row as another writer would insert it, holding the claim's key until that writer ends.
    const string InsertClaimSql = """
        INSERT INTO dbo.claims (id, text, topics_json, parties_json, harmed_parties_json, created_at, recorded_by)
        VALUES (@Id, @Text, N'["t"]', N'[]', N'[]', @CreatedAt, N'other-writer');
        """;

    const string InsertPendingSql = """
        INSERT INTO dbo.rescore_pending (claim_id, version, cause, enqueued_at) VALUES (@Id, 1, N'other', SYSDATETIMEOFFSET());
        """;

    ClaimStatusService.ClaimStatusServiceClient Client => fixture.Server.Client;
    ServerSessions Sessions => fixture.Sessions;

    Task<OtherSession> OtherSessionAsync() => OtherSession.BeginAsync(fixture.Server.DatabaseConnectionString);

    static DateTime Deadline(TimeSpan after) => DateTime.UtcNow + after;

    AsyncUnaryCall<Claim> Create(string id, TimeSpan deadline) =>
        Client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(id, ["t"]) }, deadline: Deadline(deadline));

    /// <summary>The write a caller makes once the fault is over, retried as README tells callers to: this fixture's
    /// command timeout is only 4 s, which a loaded build machine can exceed for an ordinary statement.</summary>
    async Task<Claim> CreateAfterTheFaultAsync(string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Create(id, Wait);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < 3)
            {
            }
        }
    }

    [StoreFact]
    public async Task A_deadlock_with_another_session_is_run_again_and_the_call_succeeds()
    {
        // PostgreSQL (Babelfish) looks for a deadlock once, a second after a session starts waiting, and picks the
        // session that finds it: when this test closes the cycle more than a second after the service began to wait
        // (a busy machine), its own session is the victim and the service never had to run again. Then it tries anew.
        for (var arrangement = 1; arrangement <= 3; arrangement++)
        {
            var id = NewId("deadlock");
            await using var other = await OtherSessionAsync();
            // SQL Server picks the victim by priority, so there the service is the victim every time.
            if (!fixture.IsBabelfish) await other.ExecuteAsync("SET DEADLOCK_PRIORITY HIGH;");
            await other.ExecuteAsync(InsertPendingSql, ("@Id", id));

            var call = Create(id, Wait);
            await Sessions.WaitForBlockedAsync(Wait); // the service holds its new claim row and waits for the outbox row
            try
            {
                // Closing the cycle: this insert waits for the service's claim row, the server picks the service as
                // the victim, and returns once the service's transaction rolled back.
                await other.ExecuteAsync(InsertClaimSql, ("@Id", id), ("@Text", "other"), ("@CreatedAt", Day));
            }
            catch (Microsoft.Data.SqlClient.SqlException e) when (fixture.IsBabelfish && e.Message.Contains("deadlock", StringComparison.Ordinal))
            {
                await other.RollbackAsync();
                await call.ResponseAsync;
                continue;
            }
            // The insert returned, so the service's transaction was rolled back as the victim. Its second attempt waits
            // for this session's claim row, or starts after the rollback (a busy machine): either way it must succeed.
            await other.RollbackAsync();

            var created = await call.ResponseAsync;
            Assert.Equal("Claim " + id, created.Text);
            Assert.Equal(ClaimStatus.Contracts.V1.Status.Unverified, created.Status);
            var history = await Client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = id });
            Assert.Single(history.Transitions);
            return;
        }
        Assert.Fail("in three arrangements the server chose the test's session, not the service's, as the deadlock victim");
    }

    [StoreFact]
    public async Task Losing_the_race_to_a_key_ends_as_the_documented_replay()
    {
        var id = NewId("race");
        var firstWriterTime = new DateTimeOffset(2024, 10, 18, 12, 0, 0, TimeSpan.Zero);
        await using var other = await OtherSessionAsync();
        await other.ExecuteAsync(InsertClaimSql, ("@Id", id), ("@Text", "Claim " + id), ("@CreatedAt", firstWriterTime));

        var call = Create(id, Wait);
        await Sessions.WaitForBlockedAsync(Wait);
        // SQL Server's key-range lock makes the service wait and then see this row; Babelfish lets it insert and
        // fails it with 2627, and the service runs the write again. Either way: the first writer's claim, replayed.
        await other.CommitAsync();

        var replayed = await call.ResponseAsync;
        Assert.Equal(At(firstWriterTime), replayed.CreateTime);
        Assert.Equal("other-writer", replayed.RecordedBy);
    }

    [StoreFact]
    public async Task A_command_timeout_is_unavailable_and_stores_nothing()
    {
        var id = NewId("timeout");
        await using (var other = await OtherSessionAsync())
        {
            await other.ExecuteAsync(InsertClaimSql, ("@Id", id), ("@Text", "other"), ("@CreatedAt", Day));
            var clock = Stopwatch.StartNew();
            var failed = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => Create(id, Wait).ResponseAsync);
            Assert.Contains("command timeout", failed.Status.Detail, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(SqlServerFaultFixture.CommandTimeoutSeconds), Wait);
            await other.RollbackAsync();
        }
        // On Babelfish the timed-out statement runs on after its connection closed; it must roll back, not commit.
        Assert.True(await Sessions.SettledWithinAsync(Wait), "the service's sessions did not settle");
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Client.GetClaimAsync(new GetClaimRequest { Id = id }).ResponseAsync);
        Assert.Equal("Claim " + id, (await CreateAfterTheFaultAsync(id)).Text);
    }

    [StoreFact]
    public async Task A_session_killed_during_a_write_is_unavailable_and_stores_nothing_and_the_next_call_succeeds()
    {
        var id = NewId("killed");
        await using (var other = await OtherSessionAsync())
        {
            await other.ExecuteAsync(InsertClaimSql, ("@Id", id), ("@Text", "other"), ("@CreatedAt", Day));
            var call = Create(id, Wait);
            await ServerSessions.KillAsync(await Sessions.WaitForBlockedAsync(Wait));

            var failed = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => call.ResponseAsync);
            Assert.Contains("connection to the database failed or was lost", failed.Status.Detail, StringComparison.Ordinal);
            await other.RollbackAsync();
        }
        // The killed session's transaction ended with it; the pool hands out a working connection next.
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Client.GetClaimAsync(new GetClaimRequest { Id = id }).ResponseAsync);
        Assert.Equal("Claim " + id, (await CreateAfterTheFaultAsync(id)).Text);
    }

    [StoreFact]
    public async Task A_deadline_shorter_than_a_blocked_write_is_deadline_exceeded_and_stores_nothing()
    {
        var id = NewId("deadline");
        await using (var other = await OtherSessionAsync())
        {
            await other.ExecuteAsync(InsertClaimSql, ("@Id", id), ("@Text", "other"), ("@CreatedAt", Day));
            var clock = Stopwatch.StartNew();
            await RpcAssert.FailsAsync(StatusCode.DeadlineExceeded, () => Create(id, TimeSpan.FromSeconds(1)).ResponseAsync);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
            await other.RollbackAsync();
        }
        // Released, the service's abandoned write must roll back rather than commit the claim late.
        Assert.True(await Sessions.SettledWithinAsync(Wait), "the service's sessions did not settle");
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Client.GetClaimAsync(new GetClaimRequest { Id = id }).ResponseAsync);
        Assert.Equal("Claim " + id, (await CreateAfterTheFaultAsync(id)).Text);
    }

    [StoreFact]
    [BabelfishCannot(BabelfishLimits.CancelsNoCommand)]
    public async Task A_deadline_shorter_than_a_blocked_write_cancels_the_command_on_the_server()
    {
        var id = NewId("cancel");
        await using var other = await OtherSessionAsync();
        await other.ExecuteAsync(InsertClaimSql, ("@Id", id), ("@Text", "other"), ("@CreatedAt", Day));
        var call = Create(id, TimeSpan.FromSeconds(1));
        await Sessions.WaitForBlockedAsync(Wait);
        await RpcAssert.FailsAsync(StatusCode.DeadlineExceeded, () => call.ResponseAsync);

        // While this session still holds the row, the service's command is gone from the server, not waiting.
        Assert.True(await Sessions.NoneBlockedWithinAsync(TimeSpan.FromSeconds(3)), "the service's command still waits on the server");
        Assert.True(await Sessions.SettledWithinAsync(TimeSpan.FromSeconds(3)), "the service's transaction is still open");
        await other.RollbackAsync();
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Client.GetClaimAsync(new GetClaimRequest { Id = id }).ResponseAsync);
    }
}
