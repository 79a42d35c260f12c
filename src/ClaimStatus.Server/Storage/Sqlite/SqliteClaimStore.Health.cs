using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

/// <summary>Readiness: can the database be read and written right now, through the file the server opened?</summary>
public sealed partial class SqliteClaimStore
{
    // A probe that finds a write holding the gate does not queue behind it (an import batch can hold it for seconds):
    // it answers with the last probe's outcome instead.
    private static readonly TimeSpan ProbeGateWait = TimeSpan.FromMilliseconds(250);

    private SqliteFileIdentity? openedAs;
    private StoreFailure? lastProbe;

    private string ProbeConnectionString => new SqliteConnectionStringBuilder(connectionString)
    {
        // A fresh connection meets the file as it is now (read-only, full, gone); a pooled one may have been opened
        // before it changed.
        Pooling = false,
        DefaultTimeout = 2,
    }.ToString();

    private async Task<SqliteConnection> OpenCreatingAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Refuses to commit into a file that is no longer the one at the path: such a write would be
    /// acknowledged and then lost.</summary>
    private void EnsureSameFile()
    {
        if (openedAs is { } opened && SqliteFileIdentity.Of(DatabasePath) != opened)
            throw new StoreFailureException(StoreFailures.FileMoved);
    }

    private void DropPooledConnections()
    {
        using var any = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(any);
    }

    private const string ReadProbeSql = "SELECT count(*) FROM sqlite_schema;";
    private const string UserVersionSql = "PRAGMA user_version;";

    public async Task<StoreFailure?> CheckReadyAsync(CancellationToken ct)
    {
        if (openedAs is { } opened && SqliteFileIdentity.Of(DatabasePath) is var now && now != opened)
            return new StoreFailure(StoreFailureKind.FileMoved, now is null
                ? $"the database file {DatabasePath} was deleted while the server ran"
                : $"the database file {DatabasePath} was replaced by another file while the server ran");

        if (FreeBytes() is { } free && free < options.MinFreeBytes)
            return new StoreFailure(StoreFailureKind.DiskFull,
                $"the database disk is full: {free} bytes free, below Storage:MinFreeBytes ({options.MinFreeBytes})");

        if (!await writeGate.WaitAsync(ProbeGateWait, ct)) return lastProbe;
        try
        {
            var before = lastProbe;
            lastProbe = await ProbeAsync(ct);
            // Connections opened during an outage keep what they met (a read-only open stays read-only): drop them
            // when it starts and again when it ends, so writes recover without a restart.
            if ((lastProbe ?? before) is { } outage && StoreFailures.NeedsFreshConnections(outage)) DropPooledConnections();
            return lastProbe;
        }
        finally
        {
            writeGate.Release();
        }
    }

    // BEGIN IMMEDIATE alone succeeds on a read-only file; rewriting the header's user_version (unused by the
    // schema) is the smallest real write: one page into the WAL, no row in any table.
    private async Task<StoreFailure?> ProbeAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(ProbeConnectionString);
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, "PRAGMA busy_timeout = 1000;", null, null, ct);
            await ExecuteScalarAsync<long>(connection, ReadProbeSql, null, null, ct);
            await using var transaction = connection.BeginTransaction();
            var version = await ExecuteScalarAsync<long>(connection, UserVersionSql, null, transaction, ct);
            await ExecuteAsync(connection, $"PRAGMA user_version = {version};", null, transaction, ct);
            await transaction.CommitAsync(ct);
            return null;
        }
        catch (SqliteException e)
        {
            return StoreFailures.Classify(e) is { } failure ? failure with { Message = $"{failure.Message} (SQLite: {e.Message})" } : null;
        }
    }

    private long? FreeBytes()
    {
        try { return new DriveInfo(Path.GetDirectoryName(DatabasePath)!).AvailableFreeSpace; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }
}
