using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaimStatus.Server.Storage;

/// <summary>NOT_SERVING on grpc.health.v1 when the database does not answer.</summary>
public sealed class DatabaseHealthCheck(IClaimStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.PingAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database did not answer.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
