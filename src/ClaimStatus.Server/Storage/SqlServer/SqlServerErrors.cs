using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

/// <summary>SQL Server's error numbers, read once: which failures a write runs again by itself (it lost a race the
/// caller did not cause) and which failure every other one is. Babelfish, the TDS stand-in the tests run on, reports
/// most PostgreSQL errors as 33557097 with PostgreSQL's wording, so those are told apart by their message.</summary>
public static class SqlServerErrors
{
    // 2627/2601 another writer inserted the same unique key first; 1205 chosen as deadlock victim; 3960 a snapshot
    // transaction's update conflict.
    private static readonly HashSet<int> LostRaceNumbers = [2627, 2601, 1205, 3960];

    // 1105 a filegroup and 9002 the log is full; 3906 the database is read-only; 229/230 the login may not write
    // (permission denied); 824 a page failed its consistency check; 1222 SET LOCK_TIMEOUT expired; -2 SqlClient's
    // command timeout.
    private const int FilegroupFull = 1105, LogFull = 9002, ReadOnlyDatabase = 3906, ObjectPermission = 229,
        ColumnPermission = 230, BadPage = 824, LockTimeout = 1222, CommandTimeout = -2;

    private const int Babelfish = 33557097;

    /// <summary>The write lost a race to a concurrent one (duplicate key, deadlock, serialization failure) and
    /// rolled back: running it again sees the winner's rows.</summary>
    public static bool IsLostRace(SqlException e) =>
        LostRaceNumbers.Contains(e.Number)
        || (e.Number == Babelfish && e.Message.StartsWith("could not serialize access", StringComparison.Ordinal));

    public static readonly StoreFailure PermissionDenied = new(StoreFailureKind.ReadOnly,
        "The database refuses this service's writes (permission denied); reads still work.");
    public static readonly StoreFailure LockWaitTimedOut = StoreFailures.Unavailable with
    {
        Message = "The database was busy: a lock this call needed was held too long by another session; nothing of "
            + "this write was stored. Retry later.",
    };
    public static readonly StoreFailure TimedOut = StoreFailures.Unavailable with
    {
        Message = "The database did not answer within the command timeout; retry the call unchanged (writes are idempotent).",
    };
    public static readonly StoreFailure ConnectionLost = StoreFailures.Unavailable with
    {
        Message = "The connection to the database failed or was lost during the call; retry the call unchanged (writes are "
            + "idempotent).",
    };

    /// <summary>What a SQL Server error stands for; anything not listed is worth a retry later (UNAVAILABLE).</summary>
    public static StoreFailure Classify(SqlException e) => e.Number switch
    {
        FilegroupFull or LogFull => StoreFailures.DiskFull,
        ReadOnlyDatabase => StoreFailures.ReadOnly,
        ObjectPermission or ColumnPermission => PermissionDenied,
        BadPage => StoreFailures.Corrupt,
        LockTimeout => LockWaitTimedOut,
        CommandTimeout => TimedOut,
        _ when IsLostRace(e) => StoreFailures.Conflict,
        Babelfish when e.Message.StartsWith("canceling statement due to lock timeout", StringComparison.Ordinal) => LockWaitTimedOut,
        Babelfish when e.Message.StartsWith("permission denied", StringComparison.Ordinal) => PermissionDenied,
        // Severity 20 and above closes the connection: the session was killed, the server went down, the network broke.
        _ when e.Class >= 20 => ConnectionLost,
        _ => StoreFailures.Unavailable,
    };
}
