using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage;

/// <summary>What kind of trouble the database is in, as far as a caller or an operator needs to know.</summary>
public enum StoreFailureKind
{
    /// <summary>The file is damaged or is not a database: retrying will not help (DATA_LOSS).</summary>
    Corrupt,
    /// <summary>No room left for the write (RESOURCE_EXHAUSTED).</summary>
    DiskFull,
    /// <summary>The file or its file system refuses writes; reads still work (UNAVAILABLE).</summary>
    ReadOnly,
    /// <summary>The file cannot be opened: missing, or its folder's permissions (UNAVAILABLE).</summary>
    CannotOpen,
    /// <summary>The operating system reported an I/O error (UNAVAILABLE).</summary>
    IoError,
    /// <summary>The file was deleted or replaced under the running server (UNAVAILABLE).</summary>
    FileMoved,
    /// <summary>Anything else the database reports: busy, unreachable, timed out, connection lost (UNAVAILABLE).</summary>
    Unavailable,
    /// <summary>The write kept losing races to concurrent writes (deadlocks, serialization failures) and gave up after
    /// running again; it was rolled back (ABORTED).</summary>
    Conflict,
}

/// <summary>A failure and the sentence that explains it; the sentence goes to callers, so it names no path.</summary>
public sealed record StoreFailure(StoreFailureKind Kind, string Message);

/// <summary>The store refused to go on because of what <see cref="Failure"/> says (e.g. its file was deleted).</summary>
public sealed class StoreFailureException(StoreFailure failure, Exception? inner = null) : Exception(failure.Message, inner)
{
    public StoreFailure Failure { get; } = failure;
}

/// <summary>Start-up cannot go on; the message is the whole story, one line, printed without a stack trace.</summary>
public sealed class StorageStartupException(string message) : Exception(message);

/// <summary>Turns database exceptions into <see cref="StoreFailure"/>s: SQLite's result codes here, SQL Server's
/// error numbers in <see cref="SqlServer.SqlServerErrors"/>.</summary>
public static class StoreFailures
{
    public static readonly StoreFailure Corrupt = new(StoreFailureKind.Corrupt,
        "The database file is corrupt; restore it from a backup (retrying will not help).");
    public static readonly StoreFailure NotADatabase = new(StoreFailureKind.Corrupt,
        "The database file is not a SQLite database (or is encrypted); restore it from a backup.");
    public static readonly StoreFailure DiskFull = new(StoreFailureKind.DiskFull,
        "The database disk is full; nothing of this write was stored. Retry once space is freed.");
    public static readonly StoreFailure ReadOnly = new(StoreFailureKind.ReadOnly,
        "The database is read-only (its file or file system refuses writes); reads still work.");
    public static readonly StoreFailure CannotOpen = new(StoreFailureKind.CannotOpen,
        "The database file cannot be opened: check that it exists and the permissions of its folder.");
    public static readonly StoreFailure IoError = new(StoreFailureKind.IoError,
        "The database had an I/O error; retry later.");
    public static readonly StoreFailure FileMoved = new(StoreFailureKind.FileMoved,
        "The database file was deleted or replaced while the server ran; nothing of this write was stored. "
        + "Restore the file and restart the server.");
    public static readonly StoreFailure Unavailable = new(StoreFailureKind.Unavailable,
        "The database is unavailable; retry later.");
    public static readonly StoreFailure Conflict = new(StoreFailureKind.Conflict,
        "The write collided with concurrent writes (deadlock or serialization failure) each time it ran and was rolled "
        + "back; nothing of it was stored. Retry it unchanged.");

    // SQLite primary result codes (https://www.sqlite.org/rescode.html); extended codes keep them in the low byte.
    private const int SqliteReadOnly = 8, SqliteIoErr = 10, SqliteCorrupt = 11, SqliteFull = 13, SqliteCantOpen = 14, SqliteNotADb = 26;

    /// <summary>The failure an exception stands for, or null when it is not the database's.</summary>
    public static StoreFailure? Classify(Exception ex) => ex switch
    {
        StoreFailureException failed => failed.Failure,
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) switch
        {
            SqliteCorrupt => Corrupt,
            SqliteNotADb => NotADatabase,
            SqliteFull => DiskFull,
            SqliteReadOnly => ReadOnly,
            SqliteCantOpen => CannotOpen,
            SqliteIoErr => IoError,
            _ => Unavailable,
        },
        Microsoft.Data.SqlClient.SqlException sql => SqlServer.SqlServerErrors.Classify(sql),
        DbException or TimeoutException => Unavailable,
        _ => null,
    };

    /// <summary>Failures after which pooled connections should be dropped: a connection opened while the file was
    /// read-only stays read-only, so recovery needs fresh ones.</summary>
    public static bool NeedsFreshConnections(StoreFailure failure) =>
        failure.Kind is StoreFailureKind.ReadOnly or StoreFailureKind.CannotOpen or StoreFailureKind.IoError or StoreFailureKind.DiskFull;
}
