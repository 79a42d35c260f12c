using ClaimStatus.Server.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaimStatus.Server.Storage;

/// <summary>Readiness: NOT_SERVING on grpc.health.v1 while the database cannot be both read and written (read-only,
/// disk full, corrupt, unreachable, or its file deleted or replaced under the server). The reason is logged once
/// per change of state, not per probe, and the state is the <c>claimstatus.database.ready</c> gauge.</summary>
public sealed partial class DatabaseHealthCheck(IClaimStore store, ILogger<DatabaseHealthCheck> log, TimeProvider clock) : IHealthCheck
{
    /// <summary>The tag of checks that decide readiness (the empty service name, "readiness").</summary>
    public const string ReadyTag = "ready";

    // Probes from several load balancers and kubelets within this window share one database round-trip.
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    // Below the registration's own timeout, so a stalled database is reported (and logged) here as a reason.
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim probing = new(1, 1);
    private (DateTimeOffset At, StoreFailure? Failure)? last;
    private bool? wasReady;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = await ProbeAsync(cancellationToken);
        return failure is null ? HealthCheckResult.Healthy() : new HealthCheckResult(context.Registration.FailureStatus, failure.Message);
    }

    private async Task<StoreFailure?> ProbeAsync(CancellationToken ct)
    {
        await probing.WaitAsync(ct);
        try
        {
            if (last is { } recent && clock.GetUtcNow() - recent.At < Reuse) return recent.Failure;
            StoreFailure? failure;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                failure = await store.CheckReadyAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = StoreFailures.Unavailable with { Message = $"the database did not answer the readiness probe within {ProbeTimeout.TotalSeconds} s" };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = StoreFailures.Classify(ex) ?? StoreFailures.Unavailable with { Message = "The database check failed: " + ex.Message };
            }
            last = (clock.GetUtcNow(), failure);
            Record(failure);
            return failure;
        }
        finally
        {
            probing.Release();
        }
    }

    private void Record(StoreFailure? failure)
    {
        var ready = failure is null;
        ClaimStatusTelemetry.DatabaseReady.Record(ready ? 1 : 0);
        if (wasReady == ready) return;
        wasReady = ready;
        if (ready) LogReady(log);
        else
        {
            ClaimStatusTelemetry.DatabaseNotReady.Add(1, new KeyValuePair<string, object?>("reason", failure!.Kind.ToString()));
            LogNotReady(log, failure.Kind, failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness: NOT_SERVING, the database is {Kind}: {Reason}")]
    private static partial void LogNotReady(ILogger logger, StoreFailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Readiness: SERVING, the database can be read and written")]
    private static partial void LogReady(ILogger logger);
}
