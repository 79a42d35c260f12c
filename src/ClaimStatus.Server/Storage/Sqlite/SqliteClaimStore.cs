using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using DbUp;
using ClaimStatus.Server.Telemetry;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

/// <summary>The embedded default store: one SQLite file in WAL mode. SQLite admits one writer at a time
/// and many writers contending for the file lock give multi-second tails, so every write transaction
/// queues on one in-process gate; reads use their own connections and see the last committed state.</summary>
/// <param name="databasePath">The database file; its folder is created by <see cref="MigrateAsync"/>.</param>
/// <param name="options">Start-up checks and readiness thresholds (<see cref="StorageOptions"/> defaults when null).</param>
public sealed partial class SqliteClaimStore(string databasePath, StorageOptions? options = null) : IClaimStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(databasePath),
        ForeignKeys = true,
        Pooling = true,
        // Only MigrateAsync may create the file: a connection opened after the file was deleted must fail,
        // not start an empty database that swallows writes.
        Mode = SqliteOpenMode.ReadWrite,
    }.ToString();

    private readonly StorageOptions options = options ?? new StorageOptions();

    private readonly SemaphoreSlim writeGate = new(1, 1);

    // Columns are snake_case, row classes PascalCase (a process-wide Dapper switch; both stores set it).
    static SqliteClaimStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; } = Path.GetFullPath(databasePath);

    // WAL lets readers run beside the writer; it is a property of the file, so set once before migrating.
    private const string EnableWalSql = "PRAGMA journal_mode = WAL;";

    // The file is checked once per process: Program migrates before the host starts, and the hosted migrator again.
    private bool checkedAtStart;

    public async Task MigrateAsync(CancellationToken ct)
    {
        var create = SqliteStartupCheck.Prepare(DatabasePath, options.AllowCreate, options.QuickCheckAtStart && !checkedAtStart);
        checkedAtStart = true;
        await writeGate.WaitAsync(ct);
        try
        {
            await using (var connection = create ? await OpenCreatingAsync(ct) : await OpenAsync(ct))
                await ExecuteAsync(connection, EnableWalSql, null, null, ct);
            var result = await Task.Run(() => DeployChanges.To.SqliteDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(SqliteClaimStore).Assembly,
                    name => name.Contains(".Storage.Sqlite.Migrations.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade(), ct);
            if (!result.Successful)
                throw new InvalidOperationException($"SQLite migration {result.ErrorScript?.Name} failed", result.Error);
            SqliteStartupCheck.WriteMarker(DatabasePath);
            openedAs = SqliteFileIdentity.Of(DatabasePath);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private const string PingSql = "SELECT 1;";

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await ExecuteScalarAsync<long>(connection, PingSql, null, null, ct) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    // Per-connection settings. NORMAL is durable in WAL mode except for the last commits on power loss. The
    // default 2 MB page cache thrashes on random-key index inserts once the log outgrows it; 32 MB keeps
    // bulk imports fast.
    private const string ConnectionPragmasSql =
        "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768;";

    // Pooled connections keep their settings, so they are applied once per native connection rather than
    // on every open: on a read of one claim the extra statement was a noticeable share of the work.
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            var handle = connection.Handle!;
            if (!Configured.TryGetValue(handle, out _))
            {
                await ExecuteAsync(connection, ConnectionPragmasSql, null, null, ct);
                Configured.AddOrUpdate(handle, handle);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one write transaction behind the single-writer gate.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        await writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = connection.BeginTransaction();
            var result = await work(connection, transaction);
            EnsureSameFile();
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception e) when (StoreFailures.Classify(e) is { } failure && StoreFailures.NeedsFreshConnections(failure))
        {
            DropPooledConnections();
            throw;
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>Runs several reads on one snapshot of the database.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await work(connection, transaction);
    }

    // Every command goes through the four helpers below, each in its tracing span.

    private static Task<List<T>> QueryAsync<T>(
        SqliteConnection connection, string sql, object? param, SqliteTransaction? transaction, CancellationToken ct) =>
        SqliteSpan.TraceAsync(sql, param, async () =>
            (await connection.QueryAsync<T>(new CommandDefinition(sql, param, transaction, cancellationToken: ct))).AsList());

    private static Task<T?> QuerySingleOrDefaultAsync<T>(
        SqliteConnection connection, string sql, object? param, SqliteTransaction? transaction, CancellationToken ct) =>
        SqliteSpan.TraceAsync(sql, param, () =>
            connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, param, transaction, cancellationToken: ct)));

    private static async Task<T> ExecuteScalarAsync<T>(
        SqliteConnection connection, string sql, object? param, SqliteTransaction? transaction, CancellationToken ct) =>
        (await SqliteSpan.TraceAsync(sql, param, () =>
            connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, param, transaction, cancellationToken: ct))))!;

    /// <summary>With a sequence of parameter objects, Dapper runs the command once per item on one
    /// prepared statement, which is what makes bulk appends fast.</summary>
    private static Task<int> ExecuteAsync(
        SqliteConnection connection, string sql, object? param, SqliteTransaction? transaction, CancellationToken ct) =>
        SqliteSpan.TraceAsync(sql, param, () =>
            connection.ExecuteAsync(new CommandDefinition(sql, param, transaction, cancellationToken: ct)));

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.ParseExact(
        s, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Json(IEnumerable<string> values) => System.Text.Json.JsonSerializer.Serialize(values);
}
