using System.Data;
using System.Text.Json;
using Dapper;
using DbUp;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

/// <summary>The production store: SQL Server 2019+, shared by stateless replicas. Every write is one
/// transaction that locks exactly the keys it decides on (UPDLOCK, HOLDLOCK), so replicas racing on one
/// key serialize; a lost race (duplicate key, deadlock victim) re-runs the whole transaction, which then
/// sees the winner's row. Reads rely on READ_COMMITTED_SNAPSHOT and take no locks.</summary>
public sealed partial class SqlServerClaimStore(string connectionString, SqlRetryLogicBaseProvider? openRetry = null) : IClaimStore
{
    /// <summary>SqlClient's own retry of transient failures to open a connection, with the configured back-off.</summary>
    public static SqlRetryLogicBaseProvider OpenRetry(SqlServerOpenRetry retry) =>
        SqlConfigurableRetryFactory.CreateExponentialRetryProvider(new SqlRetryLogicOption
        {
            NumberOfTries = retry.Tries,
            DeltaTime = retry.Delay,
            MaxTimeInterval = retry.MaxDelay,
        });

    private const int MaxAttempts = 3;

    // Columns are snake_case, row classes PascalCase (a process-wide Dapper switch; both stores set it).
    static SqlServerClaimStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    // Replicas starting together must not run the same script twice; the session lock serializes them.
    private const string AcquireMigrationLockSql = """
        DECLARE @result int;
        EXEC @result = sys.sp_getapplock @Resource = N'claimstatus:migrations', @LockMode = N'Exclusive',
            @LockOwner = N'Session', @LockTimeout = 120000;
        SELECT @result;
        """;

    private const string ReleaseMigrationLockSql = """
        EXEC sys.sp_releaseapplock @Resource = N'claimstatus:migrations', @LockOwner = N'Session';
        """;

    // The command must outlive the lock wait, or the client gives up at its 30 s default first.
    private const int MigrationLockCommandTimeoutSeconds = 150;

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var acquired = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            AcquireMigrationLockSql, commandTimeout: MigrationLockCommandTimeoutSeconds, cancellationToken: ct));
        if (acquired < 0)
            throw new TimeoutException("Another replica held the migration lock for two minutes");
        try
        {
            // The journal goes to dbo, next to the schema, whatever the login's default schema.
            var result = await Task.Run(() => DeployChanges.To.SqlDatabase(connectionString, "dbo")
                .WithScriptsEmbeddedInAssembly(typeof(SqlServerClaimStore).Assembly,
                    name => name.Contains(".Storage.SqlServer.Migrations.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade(), ct);
            if (!result.Successful)
                throw new InvalidOperationException($"SQL Server migration {result.ErrorScript?.Name} failed", result.Error);
        }
        finally
        {
            await ExecuteAsync(connection, ReleaseMigrationLockSql, null, null, CancellationToken.None);
        }
    }

    private const string PingSql = "SELECT 1;";

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await ExecuteScalarAsync<int>(connection, PingSql, null, null, ct) == 1;
        }
        catch (SqlException)
        {
            return false;
        }
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqlConnection(connectionString);
        if (openRetry is not null) connection.RetryLogicProvider = openRetry;
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one write transaction, re-running it when it lost a race to another replica.</summary>
    private async Task<T> WriteAsync<T>(Func<SqlConnection, SqlTransaction, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(ct);
                var transaction = (SqlTransaction)await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
                try
                {
                    var result = await work(connection, transaction);
                    await transaction.CommitAsync(ct);
                    await transaction.DisposeAsync();
                    return result;
                }
                catch
                {
                    await AbandonAsync(transaction);
                    throw;
                }
            }
            catch (Exception e) when (IsLostRace(e))
            {
                // Disposing the connection rolled the transaction back; go again, or tell the caller it may.
                if (attempt == MaxAttempts) throw new StoreFailureException(StoreFailures.Conflict, e);
            }
        }
    }

    /// <summary>Rolls back a transaction whose work failed, without hiding that failure. A failure that closed the
    /// connection (a command timeout on Babelfish, a killed session, a lost network) has already ended the
    /// transaction on the server, and SqlClient's rollback then throws "the connection is closed".</summary>
    private static async ValueTask AbandonAsync(SqlTransaction transaction)
    {
        try
        {
            await transaction.DisposeAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or SqlException)
        {
        }
    }

    /// <summary>Thrown inside a write when a row it checked for was committed by another writer before its own
    /// insert. SQL Server's key-range locks rule that out; where they are not honoured (Babelfish runs on
    /// PostgreSQL MVCC, whose read committed takes a new snapshot per statement and no range locks), the write
    /// goes again and then sees the other writer's row.</summary>
    private sealed class LostRaceException : Exception;

    private static bool IsLostRace(Exception e) => e is LostRaceException || (e is SqlException sql && SqlServerErrors.IsLostRace(sql));

    private static async Task<List<T>> QueryAsync<T>(
        SqlConnection connection, string sql, object? param, SqlTransaction? transaction, CancellationToken ct) =>
        (await connection.QueryAsync<T>(new CommandDefinition(sql, param, transaction, cancellationToken: ct))).AsList();

    private static Task<T?> QuerySingleOrDefaultAsync<T>(
        SqlConnection connection, string sql, object? param, SqlTransaction? transaction, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, param, transaction, cancellationToken: ct));

    private static async Task<T> ExecuteScalarAsync<T>(
        SqlConnection connection, string sql, object? param, SqlTransaction? transaction, CancellationToken ct) =>
        (await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, param, transaction, cancellationToken: ct)))!;

    private static Task<int> ExecuteAsync(
        SqlConnection connection, string sql, object? param, SqlTransaction? transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql, param, transaction, cancellationToken: ct));

    /// <summary>A set of ids as a dbo.id_list table-valued parameter.</summary>
    private static SqlMapper.ICustomQueryParameter IdList(IEnumerable<string> ids)
    {
        var table = new DataTable();
        Text(table, "id", 200);
        foreach (var id in ids.Distinct(StringComparer.Ordinal)) table.Rows.Add(id);
        return table.AsTableValuedParameter("dbo.id_list");
    }

    private static readonly JsonSerializerOptions JsonRowOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Rows of a batch as one nvarchar(max) JSON array, read by the statements with OPENJSON ... WITH, whose
    /// property names are the columns'. A batch's many columns travel this way rather than as a table-valued
    /// parameter: no table type to drop and create when a column is added (which would break replicas still running
    /// the previous version during a rolling upgrade), and Babelfish, the TDS stand-in the tests run on, rebuilds a
    /// table-valued parameter's rows as SQL text (a value with an apostrophe is a syntax error; larger batches lose
    /// columns).</summary>
    private static DbString JsonRows<TRow>(IEnumerable<TRow> rows) =>
        new() { Value = JsonSerializer.Serialize(rows, JsonRowOptions), IsAnsi = false, Length = -1 };

    /// <summary>A UTC instant as OPENJSON converts it to datetime2 (ISO 8601 without an offset).</summary>
    private static string JsonUtc(DateTimeOffset at) =>
        StoreRules.Utc(at).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A string column of a table-valued parameter with its declared length. Without one SqlClient sends
    /// the column as nvarchar(max) in chunks, and Babelfish (the TDS stand-in the tests run on) misreads rows of a
    /// parameter with several such columns.</summary>
    private static void Text(DataTable table, string name, int maxLength) =>
        table.Columns.Add(name, typeof(string)).MaxLength = maxLength;
}
