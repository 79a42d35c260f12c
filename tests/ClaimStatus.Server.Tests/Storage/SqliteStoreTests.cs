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

    /// <summary>At 10 M assertions a ListClaims by status that scans the claims in id order ran at 4% of the empty call
    /// (benchmarks/SCALE.md): the page must be a seek on an index, by id or by (status, id).</summary>
    [Theory]
    [InlineData(false, "PRIMARY KEY (id>?)")]
    [InlineData(true, "ix_claims_status (status=? AND id>?)")]
    public async Task A_claims_page_seeks_an_index_instead_of_scanning(bool byStatus, string index)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.Store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + (byStatus ? SqliteClaimStore.ListClaimsByStatusSql : SqliteClaimStore.ListClaimsSql);
        command.Parameters.AddWithValue("@AfterId", "c-100");
        command.Parameters.AddWithValue("@Limit", 101);
        command.Parameters.AddWithValue("@Status", "Confirmed");
        command.Parameters.AddWithValue("@Topic", DBNull.Value);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));

        var claims = plan.First(step => step.Contains(" c ", StringComparison.Ordinal) || step.EndsWith(" c", StringComparison.Ordinal));
        Assert.StartsWith("SEARCH", claims);
        Assert.Contains(index, claims);
    }
}
