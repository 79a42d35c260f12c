namespace ClaimStatus.Server.Storage;

/// <summary>Brings the schema up to date before the service takes calls.</summary>
public sealed class DatabaseMigrator(IClaimStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
