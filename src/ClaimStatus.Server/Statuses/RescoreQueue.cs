using System.Threading.Channels;

namespace ClaimStatus.Server.Statuses;

/// <summary>Rescoring that need not hold up the caller: claims touched by a streamed import, and claims
/// whose sources' learned reliability moved after an adjudication. One worker, so these writes do not
/// compete with each other, and duplicates within a batch are scored once.</summary>
public sealed partial class RescoreQueue(IServiceProvider services, ILogger<RescoreQueue> log) : BackgroundService
{
    const int BatchSize = 500;
    readonly Channel<(string ClaimId, string Cause)> _pending = Channel.CreateUnbounded<(string, string)>(
        new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IEnumerable<string> claimIds, string cause)
    {
        foreach (var id in claimIds) _pending.Writer.TryWrite((id, cause));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var assessor = services.GetRequiredService<ClaimAssessor>();
        var batch = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < BatchSize && _pending.Reader.TryRead(out var item)) batch[item.ClaimId] = item.Cause;
            foreach (var group in batch.GroupBy(p => p.Value, p => p.Key))
            {
                try
                {
                    await assessor.RescoreAsync([.. group], group.Key, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRescoreFailed(ex, batch.Count);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rescoring {Count} claims failed")]
    partial void LogRescoreFailed(Exception ex, int count);
}
