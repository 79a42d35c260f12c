using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Storage.SqlServer;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Its own database on the configured server for the test class; nothing when no server is configured
/// (every test of the class then reports Skipped).</summary>
public sealed class SqlServerStoreFixture : IAsyncLifetime
{
    private SqlServerTestDatabase? database;
    private SqlServerClaimStore? store;

    public SqlServerClaimStore Store => store ?? throw new InvalidOperationException(SqlServerTestDatabase.SkipReason);

    public string ConnectionString => database?.ConnectionString ?? throw new InvalidOperationException(SqlServerTestDatabase.SkipReason);

    public bool IsBabelfish { get; private set; }

    public async Task InitializeAsync()
    {
        if (!SqlServerTestDatabase.IsConfigured) return;
        IsBabelfish = await SqlServerTestDatabase.IsBabelfishAsync();
        database = await SqlServerTestDatabase.CreateAsync();
        store = new SqlServerClaimStore(database.ConnectionString);
        await store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (database is not null) await database.DisposeAsync();
    }
}

[RequiresSqlServer]
public sealed class SqlServerStoreTests(SqlServerStoreFixture fixture)
    : ClaimStoreTests(fixture.Store), IClassFixture<SqlServerStoreFixture>
{
    protected override long TimeResolutionTicks => fixture.IsBabelfish ? 10 : 1;

    protected override async Task<long> AppliedMigrationsAsync()
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("SELECT COUNT_BIG(*) FROM dbo.SchemaVersions;", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ForgetPendingAsync(string claimId)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("DELETE FROM dbo.rescore_pending WHERE claim_id = @id;", connection);
        command.Parameters.AddWithValue("@id", claimId);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task AppendBehindTheOutboxAsync(string claimId, string sourceId, string key)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("""
            INSERT INTO dbo.assertions (claim_id, source_id, stance, hedge, evidence, observed_at, recorded_at, idem_key)
            VALUES (@claim, @source, N'Supports', N'Certain', N'NewsReport', '2024-10-01T00:00:00+00:00', '2024-10-01T00:00:00+00:00', @key);
            """, connection);
        command.Parameters.AddWithValue("@claim", claimId);
        command.Parameters.AddWithValue("@source", sourceId);
        command.Parameters.AddWithValue("@key", key);
        await command.ExecuteNonQueryAsync();
    }

    [StoreFact]
    public async Task Watches_do_not_pass_a_transition_still_being_committed()
    {
        var store = fixture.Store;
        var prefix = Guid.NewGuid().ToString("N")[..12] + "-";
        await store.CreateClaimAsync(new(prefix + "slow", "slow", [], [], []), CancellationToken.None);
        await store.CreateClaimAsync(new(prefix + "fast", "fast", [], [], []), CancellationToken.None);
        var before = await store.LatestTransitionIdAsync(CancellationToken.None);

        await using var other = new SqlConnection(fixture.ConnectionString);
        await other.OpenAsync();
        await using var open = (SqlTransaction)await other.BeginTransactionAsync();
        // Another replica's status write, mid-commit: it holds the status lock as every status writer does.
        await using (var insert = new SqlCommand("""
            EXEC sys.sp_getapplock @Resource = N'claimstatus:status', @LockMode = N'Exclusive', @LockOwner = N'Transaction';
            INSERT INTO dbo.status_transitions (claim_id, from_status, to_status, transition_time, probability, uncertainty, policy_version, cause)
            VALUES (@claim, NULL, N'Confirmed', SYSDATETIMEOFFSET(), 0.9, 0.1, N'v1', N'test');
            """, other, open))
        {
            insert.Parameters.AddWithValue("@claim", prefix + "slow");
            await insert.ExecuteNonQueryAsync();
        }

        var assessment = new ClaimAssessment(prefix + "fast", Verdict.Denied, DateTimeOffset.UtcNow, 0.1, 0, 0.8, 0.2,
            0, 1, 1, 0, [], "test", "v1", "", null, "", 0, new Dictionary<string, double>());
        var committing = store.RecordStatusAsync(assessment, "test", DateTimeOffset.UtcNow, CancellationToken.None);
        await Task.Delay(500);
        Assert.False(committing.IsCompleted, "a status write went ahead of one still being committed");
        Assert.Empty(await store.TransitionsAfterAsync(before, 10, CancellationToken.None));

        await open.CommitAsync();
        Assert.NotNull(await committing);
        var feed = await store.TransitionsAfterAsync(before, 10, CancellationToken.None);
        Assert.Equal([prefix + "slow", prefix + "fast"], feed.Select(t => t.ClaimId));
    }
}
