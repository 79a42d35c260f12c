using System.Diagnostics;
using System.Threading.Channels;
using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Statuses;

/// <summary>Rescoring that need not hold up the caller: claims touched by a streamed import, and claims
/// whose sources' learned reliability moved after an adjudication. One worker, so these writes do not
/// compete with each other, and duplicates within a batch are scored once.</summary>
public sealed partial class RescoreQueue(ClaimAssessor assessor, IClaimStore store, ILogger<RescoreQueue> log) : BackgroundService
{
    const int BatchSize = 500;
    const int MaxLinks = 32;
    readonly Channel<(string ClaimId, string Cause, ActivityContext Origin)> _pending = Channel.CreateUnbounded<(string, string, ActivityContext)>(
        new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IEnumerable<string> claimIds, string cause)
    {
        // The calling span, so the rescoring's trace links back to the call that asked for it.
        var origin = Activity.Current?.Context ?? default;
        foreach (var id in claimIds) _pending.Writer.TryWrite((id, cause, origin));
    }

    /// <summary>Rescores right after a committed write. The write stands whatever happens here, so a
    /// failure (or the caller leaving) must not fail the call: the claims go to the worker instead.</summary>
    /// <returns>The assessments stored, or none when rescoring was deferred.</returns>
    public async Task<IReadOnlyList<ClaimAssessment>> AfterWriteAsync(IReadOnlyList<string> claimIds, string cause)
    {
        try
        {
            return await assessor.RescoreAsync(claimIds, cause, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogDeferred(ex, claimIds.Count);
            Enqueue(claimIds, cause);
            return [];
        }
    }

    /// <summary>After an adjudication: the claim itself now, and later every claim whose sources just
    /// gained a track record, since their statuses may move too.</summary>
    public async Task AfterAdjudicationAsync(string claimId)
    {
        await AfterWriteAsync([claimId], "adjudication");
        try
        {
            Enqueue(await store.ClaimsSharingSourcesAsync(claimId, CancellationToken.None), "learned-reliability");
        }
        catch (Exception ex)
        {
            LogDeferred(ex, 1);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<string, (string Cause, ActivityContext Origin)>(StringComparer.Ordinal);
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < BatchSize && _pending.Reader.TryRead(out var item)) batch[item.ClaimId] = (item.Cause, item.Origin);
            foreach (var group in batch.GroupBy(p => p.Value.Cause))
            {
                var causes = group.Select(p => p.Value.Origin).Where(o => o != default).Distinct().Take(MaxLinks).Select(o => new ActivityLink(o));
                try
                {
                    await assessor.RescoreAsync([.. group.Select(p => p.Key)], group.Key, stoppingToken, [.. causes]);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRescoreFailed(ex, batch.Count);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rescoring {Count} claims after a write failed; queued for the worker")]
    partial void LogDeferred(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rescoring {Count} claims failed")]
    partial void LogRescoreFailed(Exception ex, int count);
}
