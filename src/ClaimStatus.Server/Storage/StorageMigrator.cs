using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Storage;

/// <summary>Applies the store's migrations at start-up. Hosted services start before the server
/// listens, so no request ever meets an old schema.</summary>
internal sealed partial class StorageMigrator(IClaimStore store, IOptions<StorageOptions> options, ILogger<StorageMigrator> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.UsesSqlServer) LogSqlServer(logger);
        else LogSqlite(logger, o.SqliteDatabasePath);
        await store.MigrateAsync(cancellationToken);
        LogMigrated(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: SQLite database {Path}")]
    private static partial void LogSqlite(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: SQL Server")]
    private static partial void LogSqlServer(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: migrations applied")]
    private static partial void LogMigrated(ILogger logger);
}
