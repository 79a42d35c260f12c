using ClaimStatus.Server.Tests.Storage;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>The service's own sessions on the database server, told from everyone else's by the application name
/// its connection string gives: which of them waits for a lock, and ending one as an operator would. On
/// Babelfish a session id is the PostgreSQL backend's pid, and pg_stat_activity stands in for sys.dm_exec_requests,
/// which it does not have.</summary>
public sealed class ServerSessions(string connectionString, string applicationName, bool babelfish)
{
    const string SqlServerBlockedSql = """
        SELECT r.session_id FROM sys.dm_exec_requests AS r
        INNER JOIN sys.dm_exec_sessions AS s ON s.session_id = r.session_id
        WHERE s.program_name = @App AND r.blocking_session_id <> 0;
        """;

    const string BabelfishBlockedSql = """
        SELECT a.pid FROM pg_catalog.pg_stat_activity AS a
        WHERE a.application_name = @App AND a.wait_event_type = 'Lock';
        """;

    // Inside a transaction or running a command: what a cancelled or abandoned call must not leave behind.
    const string SqlServerBusySql = """
        SELECT s.session_id FROM sys.dm_exec_sessions AS s
        WHERE s.program_name = @App
          AND (s.open_transaction_count > 0 OR EXISTS (SELECT 1 FROM sys.dm_exec_requests AS r WHERE r.session_id = s.session_id));
        """;

    const string BabelfishBusySql = """
        SELECT a.pid FROM pg_catalog.pg_stat_activity AS a
        WHERE a.application_name = @App AND a.state IN ('active', 'idle in transaction', 'idle in transaction (aborted)');
        """;

    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Ends a session as an operator would (KILL), closing its connection. KILL needs the server-level login
    /// (on Babelfish a database's own user may not end another backend); on Babelfish a session id is the backend's pid,
    /// which is also its @@SPID.</summary>
    public static async Task KillAsync(int session)
    {
        await using var connection = new SqlConnection(SqlServerTestDatabase.ServerConnectionString);
        await connection.OpenAsync();
        // KILL takes no parameter; the id is an int, so formatting it cannot inject anything.
        await using var command = new SqlCommand(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"KILL {session};"), connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The service's sessions waiting for a lock now.</summary>
    public Task<List<int>> BlockedAsync() => SessionsAsync(babelfish ? BabelfishBlockedSql : SqlServerBlockedSql);

    /// <summary>The id of a service session waiting for a lock, once one is (at most <paramref name="within"/>).</summary>
    public async Task<int> WaitForBlockedAsync(TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            if (await BlockedAsync() is [var id, ..]) return id;
            if (DateTime.UtcNow > until) throw new TimeoutException($"no session of {applicationName} waited for a lock within {within}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>True once no service session waits for a lock, within the time given.</summary>
    public Task<bool> NoneBlockedWithinAsync(TimeSpan within) => NoneWithinAsync(BlockedAsync, within);

    /// <summary>True once no service session is inside a transaction or running a command, within the time given.</summary>
    public Task<bool> SettledWithinAsync(TimeSpan within) =>
        NoneWithinAsync(() => SessionsAsync(babelfish ? BabelfishBusySql : SqlServerBusySql), within);

    static async Task<bool> NoneWithinAsync(Func<Task<List<int>>> sessions, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            if ((await sessions()).Count == 0) return true;
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(Poll);
        }
    }

    async Task<List<int>> SessionsAsync(string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.AddWithValue("@App", applicationName);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return ids;
    }
}

/// <summary>Another client's open transaction on the test database, holding whatever locks its statements took
/// until it commits or rolls back (rolled back when disposed).</summary>
public sealed class OtherSession : IAsyncDisposable
{
    readonly SqlConnection _connection;
    readonly SqlTransaction _transaction;

    OtherSession(SqlConnection connection, SqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<OtherSession> BeginAsync(string connectionString)
    {
        // Its own pool: the service's sessions and this one never share a connection.
        var connection = new SqlConnection(new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return new OtherSession(connection, (SqlTransaction)await connection.BeginTransactionAsync());
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new SqlCommand(sql, _connection, _transaction) { CommandTimeout = 60 };
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    public Task CommitAsync() => _transaction.CommitAsync();

    public Task RollbackAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
