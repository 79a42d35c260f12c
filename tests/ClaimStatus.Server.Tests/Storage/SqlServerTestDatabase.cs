using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>A uniquely named database on the server given by CLAIMSTATUS_TEST_SQLSERVER, so test runs can
/// share one server; created with READ_COMMITTED_SNAPSHOT like production, dropped afterwards. On Babelfish
/// (the TDS stand-in CI runs) ALTER DATABASE does not exist, and its READ COMMITTED already reads a
/// per-statement snapshot, so those steps are left out there.</summary>
public sealed class SqlServerTestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "CLAIMSTATUS_TEST_SQLSERVER";
    public const string SkipReason = "set CLAIMSTATUS_TEST_SQLSERVER to run against SQL Server";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs ? cs : null;

    public static bool IsConfigured => ServerConnectionString is not null;

    static bool? babelfish;

    /// <summary>True when the configured server is Babelfish for PostgreSQL rather than SQL Server.</summary>
    public static async Task<bool> IsBabelfishAsync()
    {
        if (babelfish is bool known) return known;
        await using var connection = new SqlConnection(Master(ServerConnectionString ?? throw new InvalidOperationException(SkipReason)));
        await connection.OpenAsync();
        await using var command = new SqlCommand("SELECT @@VERSION;", connection);
        var version = (string)(await command.ExecuteScalarAsync())!;
        babelfish = version.Contains("Babelfish", StringComparison.OrdinalIgnoreCase);
        return babelfish.Value;
    }

    private readonly string name = "claimstatus_test_" + Guid.NewGuid().ToString("N");

    private SqlServerTestDatabase() { }

    /// <summary>Connection string of the created database.</summary>
    public string ConnectionString { get; private set; } = "";

    public static async Task<SqlServerTestDatabase> CreateAsync()
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(SkipReason);
        var db = new SqlServerTestDatabase();
        await using (var connection = new SqlConnection(Master(server)))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"CREATE DATABASE [{db.name}];");
            if (!await IsBabelfishAsync())
                await ExecuteAsync(connection, $"ALTER DATABASE [{db.name}] SET READ_COMMITTED_SNAPSHOT ON;");
        }
        db.ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = db.name }.ConnectionString;
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(Master(ServerConnectionString!));
        await connection.OpenAsync();
        var singleUser = await IsBabelfishAsync() ? "" : $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;";
        await ExecuteAsync(connection, $"""
            IF DB_ID(N'{name}') IS NOT NULL
            BEGIN
                {singleUser}
                DROP DATABASE [{name}];
            END;
            """);
    }

    private static string Master(string server) =>
        new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString;

    private static async Task ExecuteAsync(SqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
