using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

/// <summary>Start-up refuses, in one line, anything the server must not serve from: a file that is not a database,
/// a corrupt one, a folder it may not write, or a missing database where one was created before.
///
/// The marker (<c>claimstatus.db.created</c> beside the database) is written once the database exists. A missing
/// database beside a marker means the file was lost, and creating an empty one would silently drop every
/// acknowledged write; only <c>Storage:AllowCreate=true</c> allows that. A folder that never held one (no marker)
/// gets a new database, so a fresh clone just runs.</summary>
public static class SqliteStartupCheck
{
    public const string MarkerSuffix = ".created";

    /// <summary>Checks the file before anything opens it for writing; returns true when a new database is to be created.</summary>
    public static bool Prepare(string databasePath, bool allowCreate, bool quickCheck)
    {
        var folder = Path.GetDirectoryName(databasePath)!;
        try
        {
            Directory.CreateDirectory(folder);
            // SQLite writes the database and its -wal and -shm files here: a folder the user may not write fails now,
            // in words, rather than as "SQLite Error 14: unable to open database file" at the first write.
            using var probe = new FileStream(Path.Combine(folder, ".claimstatus-write-probe"), FileMode.Create, FileAccess.Write,
                FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException)
        {
            throw new StorageStartupException($"the data folder {folder} is not writable by user {Environment.UserName}; refusing to start "
                + "(give that user write access to it, or set Storage:DataFolder)");
        }
        catch (IOException e)
        {
            throw new StorageStartupException($"cannot use the data folder {folder} as user {CurrentUser()}: {e.Message}; refusing to start");
        }

        var marker = databasePath + MarkerSuffix;
        if (!File.Exists(databasePath))
        {
            if (File.Exists(marker) && !allowCreate)
                throw new StorageStartupException($"{databasePath} is missing, but {marker} says a database was created there "
                    + $"({ReadMarker(marker)}); refusing to start with an empty one (restore the file, or set Storage:AllowCreate=true)");
            return true;
        }
        if (quickCheck) QuickCheck(databasePath);
        return false;
    }

    /// <summary>Records that the database exists, for the next start (also for databases older than the marker).</summary>
    public static void WriteMarker(string databasePath)
    {
        var marker = databasePath + MarkerSuffix;
        if (File.Exists(marker)) return;
        try
        {
            File.WriteAllText(marker, "created " + DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageStartupException($"cannot write {marker} ({e.Message}); refusing to start");
        }
    }

    private static string ReadMarker(string marker)
    {
        try { return File.ReadAllText(marker).Trim(); }
        catch (IOException) { return "marker unreadable"; }
    }

    // quick_check reads every page but skips the index-content cross-checks of integrity_check: seconds for
    // millions of rows, and it catches the damage that would otherwise surface as DATA_LOSS mid-call.
    private static void QuickCheck(string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWrite, // a read-only open cannot replay a WAL left by a crash
            Pooling = false,
        }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1);";
            var result = (command.ExecuteScalar() as string)?.ReplaceLineEndings(" ");
            if (!string.Equals(result, "ok", StringComparison.Ordinal))
                throw new StorageStartupException($"{databasePath} is corrupt (quick_check: {result}); refusing to start (restore it from a backup)");
        }
        catch (SqliteException e)
        {
            throw new StorageStartupException((StoreFailures.Classify(e)!.Kind, e.SqliteErrorCode & 0xFF) switch
            {
                (_, 26) => $"{databasePath} is not a SQLite database (or is encrypted); refusing to start",
                (StoreFailureKind.Corrupt, _) => $"{databasePath} is corrupt ({e.Message}); refusing to start (restore it from a backup)",
                (StoreFailureKind.CannotOpen or StoreFailureKind.ReadOnly, _) =>
                    $"cannot open {databasePath} for writing as user {CurrentUser()} (check the permissions of the file and its folder): {e.Message}; refusing to start",
                _ => $"cannot check {databasePath}: {e.Message}; refusing to start",
            });
        }
    }

    /// <summary>The user's name, or its uid where it has none (a container's numeric user without a passwd entry).</summary>
    static string CurrentUser()
    {
        if (Environment.UserName.Length > 0) return Environment.UserName;
        var uid = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1)
            : null;
        return $"uid {uid ?? "unknown"}";
    }
}
