namespace ClaimStatus.Server.Storage;

/// <summary>Where the evidence log lives. Bound from the "Storage" configuration section:
/// <code>
/// "Storage": { "Provider": "Sqlite", "DataFolder": "data" }                 // default: embedded file
/// "Storage": { "Provider": "SqlServer", "ConnectionString": "Server=..." }  // production
/// </code>
/// For SQL Server the connection string may instead come from "ConnectionStrings:SqlServer"
/// (Storage:ConnectionString wins when both are set). The SQL Server database should have
/// READ_COMMITTED_SNAPSHOT ON so that readers never wait on writers.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string SqliteFileName = "claimstatus.db";

    /// <summary>"Sqlite" (default) or "SqlServer", case-insensitive.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Folder of the SQLite database file, relative to the working directory unless rooted.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>SQL Server connection string; falls back to ConnectionStrings:SqlServer.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether a new SQLite database may be created where one existed before (its marker file
    /// <c>claimstatus.db.created</c> is there but the database is not). Off: a lost file stops the start-up instead
    /// of silently starting empty. A folder that never held a database always gets a new one.</summary>
    public bool AllowCreate { get; set; }

    /// <summary>Run <c>PRAGMA quick_check</c> on an existing SQLite file at start-up and refuse a damaged one.</summary>
    public bool QuickCheckAtStart { get; set; } = true;

    /// <summary>Readiness is NOT_SERVING when the SQLite file system has fewer free bytes than this.</summary>
    public long MinFreeBytes { get; set; } = 1024 * 1024;

    /// <summary>How SQL Server connections are retried when opening fails transiently (the server restarting, failing
    /// over, or unreachable for a moment): exponential back-off from <see cref="SqlServerOpenRetry.Delay"/> up to
    /// <see cref="SqlServerOpenRetry.MaxDelay"/>, <see cref="SqlServerOpenRetry.Tries"/> attempts in all. Only opening
    /// is retried: a statement that fails inside a transaction fails the call, which the caller may repeat.</summary>
    public SqlServerOpenRetry SqlServerRetry { get; set; } = new();

    public bool UsesSqlServer => string.Equals(Provider, "SqlServer", StringComparison.OrdinalIgnoreCase);
    public bool UsesSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>The SQLite database file (worth logging at start-up: it is where the data is).</summary>
    public string SqliteDatabasePath => Path.GetFullPath(Path.Combine(DataFolder, SqliteFileName));
}

public sealed class SqlServerOpenRetry
{
    public int Tries { get; set; } = 3;
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);
}
