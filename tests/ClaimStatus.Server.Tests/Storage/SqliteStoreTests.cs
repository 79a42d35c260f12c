using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>A fresh database file in a temp folder for the test class, deleted afterwards.</summary>
public sealed class SqliteStoreFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "claimstatus-tests-" + Guid.NewGuid().ToString("N"));

    public SqliteClaimStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new SqliteClaimStore(Path.Combine(folder, StorageOptions.SqliteFileName));
        await Store.MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class SqliteStoreTests(SqliteStoreFixture fixture)
    : ClaimStoreTests(fixture.Store), IClassFixture<SqliteStoreFixture>
{
    protected override async Task<long> AppliedMigrationsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.Store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM SchemaVersions;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ForgetPendingAsync(string claimId)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.Store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rescore_pending WHERE claim_id = $id;";
        command.Parameters.AddWithValue("$id", claimId);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task AppendBehindTheOutboxAsync(string claimId, string sourceId, string key)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.Store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO assertions (claim_id, source_id, stance, hedge, evidence, observed_at, recorded_at, idem_key)
            VALUES ($claim, $source, 'Supports', 'Certain', 'NewsReport', '2024-10-01T00:00:00.0000000Z', '2024-10-01T00:00:00.0000000Z', $key);
            """;
        command.Parameters.AddWithValue("$claim", claimId);
        command.Parameters.AddWithValue("$source", sourceId);
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Database_file_is_in_wal_mode_with_foreign_keys()
    {
        Assert.True(File.Exists(fixture.Store.DatabasePath));
        await using var connection = new SqliteConnection($"Data Source={fixture.Store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
    }
}
