using System.Collections.Concurrent;
using System.Diagnostics;
using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Statuses;

/// <summary>Keeps stored statuses current from the rescoring outbox (rescore_pending), which every status-moving
/// write fills in its own transaction. A call rescores the claims it wrote right away (read-your-writes); the
/// worker drains whatever is left (a failed or abandoned rescoring, an import's claims, an adjudication's fan-out,
/// work left by a crash) in bounded batches, at start-up, when signalled, and every few seconds as a backstop
/// (another replica's writes signal nobody here). The outbox is the truth; the signal only saves waiting. With the
/// outbox empty it also puts back the claims whose kept assessment went stale without a write: future-dated evidence
/// came due, or the server runs another scoring policy than the one that computed it.</summary>
public sealed partial class RescoreQueue(ClaimAssessor assessor, IClaimStore store, TimeProvider clock, ILogger<RescoreQueue> log) : BackgroundService
{
    public const int BatchSize = 500;
    const int MaxLinks = 32;
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    readonly SemaphoreSlim _wake = new(0, 1);
    // The calling spans, so the worker's rescoring can link back to them; best effort, bounded, lost on a crash.
    readonly ConcurrentQueue<ActivityContext> _origins = new();

    /// <summary>Wakes the worker: the calling write left rows in the outbox that it does not rescore itself.</summary>
    public void Signal()
    {
        if (Activity.Current?.Context is { } origin && _origins.Count < MaxLinks) _origins.Enqueue(origin);
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); }
            catch (SemaphoreFullException) { } // another caller woke it first
        }
    }

    /// <summary>Rescores right after a committed write, through the outbox's versions. The write stands whatever
    /// happens here, so a failure (or the caller leaving) must not fail the call: its rows stay for the worker.</summary>
    /// <returns>Each written claim's status as of now (fresh even when a concurrent rescoring stored it; computed
    /// without storing when rescoring was deferred), or none when the store cannot be read.</returns>
    public async Task<IReadOnlyList<ClaimAssessment>> AfterWriteAsync(IReadOnlyList<string> claimIds)
    {
        if (claimIds.Count == 0) return [];
        // A second try: the usual failure is a lost race (a deadlock with the worker or another replica rescoring the
        // same rows), which the next attempt does not meet.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var pending = await store.PendingRescoresOfAsync(claimIds, CancellationToken.None);
                var assessed = await assessor.RescoreAsync(pending, CancellationToken.None);
                // A claim with no row was rescored by someone else after this write committed; score it for the reply.
                var done = assessed.Select(a => a.ClaimId).ToHashSet(StringComparer.Ordinal);
                var rest = claimIds.Where(id => !done.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
                return rest.Count == 0 ? assessed : [.. assessed, .. await assessor.AssessAsync(rest, DateTimeOffset.UtcNow, CancellationToken.None)];
            }
            catch (Exception ex) when (attempt == 1)
            {
                LogRetrying(ex, claimIds.Count);
            }
            catch (Exception ex)
            {
                LogDeferred(ex, claimIds.Count);
                Signal();
                return await ComputedOrNoneAsync(claimIds);
            }
        }
    }

    /// <summary>The reply's statuses when storing them was deferred: computed from the evidence, so the caller still
    /// reads its own write; none when the store cannot even be read.</summary>
    async Task<IReadOnlyList<ClaimAssessment>> ComputedOrNoneAsync(IReadOnlyList<string> claimIds)
    {
        try
        {
            return await assessor.AssessAsync([.. claimIds.Distinct(StringComparer.Ordinal)], DateTimeOffset.UtcNow, CancellationToken.None);
        }
        catch (Exception)
        {
            return [];
        }
    }

    /// <summary>After an adjudication: the claim itself now; every claim whose sources just gained a track record
    /// went into the outbox with it, for the worker.</summary>
    public async Task AfterAdjudicationAsync(string claimId)
    {
        await AfterWriteAsync([claimId]);
        Signal();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await WorkOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The rows stay; the next round retries them after the poll interval.
                LogRescoreFailed(ex);
            }
            if (!more) await _wake.WaitAsync(PollInterval, stoppingToken);
        }
    }

    /// <summary>One round of the worker: a batch of the outbox rescored or, with the outbox empty, a batch of stale
    /// claims put into it. True when there was work, so more may be waiting.</summary>
    internal async Task<bool> WorkOnceAsync(CancellationToken ct) => await DrainBatchAsync(ct) || await EnqueueStaleAsync(ct);

    /// <summary>Rescores one batch of the oldest rows; true when a full batch was read, so more may be waiting.</summary>
    async Task<bool> DrainBatchAsync(CancellationToken ct)
    {
        var pending = await store.PendingRescoresAsync(BatchSize, ct);
        if (pending.Count == 0) return false;
        var links = new List<ActivityLink>();
        while (links.Count < MaxLinks && _origins.TryDequeue(out var origin)) links.Add(new ActivityLink(origin));
        await assessor.RescoreAsync(pending, ct, links);
        return pending.Count == BatchSize;
    }

    /// <summary>Enqueues one batch of claims whose kept assessment went stale; true when there were any.</summary>
    async Task<bool> EnqueueStaleAsync(CancellationToken ct)
    {
        var stale = await store.StaleAssessmentsAsync(assessor.Policy.Version, clock.GetUtcNow(), BatchSize, ct);
        foreach (var cause in stale.GroupBy(s => s.Cause, StringComparer.Ordinal))
            await store.EnqueueRescoresAsync([.. cause.Select(s => s.ClaimId)], cause.Key, ct);
        return stale.Count > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescoring {Count} claims after a write failed once; trying again")]
    partial void LogRetrying(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rescoring {Count} claims after a write failed; left in the outbox for the worker")]
    partial void LogDeferred(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rescoring a batch from the outbox failed; retrying shortly")]
    partial void LogRescoreFailed(Exception ex);
}
