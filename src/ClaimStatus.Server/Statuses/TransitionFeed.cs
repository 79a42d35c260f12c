using System.Collections.Concurrent;
using System.Threading.Channels;
using ClaimStatus.Server.Storage;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Statuses;

/// <summary>Fans stored status transitions out to watchers. It reads them from the store rather than
/// from local writes, so a watcher on one replica sees changes made through every replica.</summary>
public sealed partial class TransitionFeed(IClaimStore store, IOptions<WatchOptions> options, ILogger<TransitionFeed> log)
    : BackgroundService
{
    readonly ConcurrentDictionary<long, Channel<StatusTransitionRecord>> _watchers = new();
    readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _nextWatcherId;
    long _lastSeen;

    /// <summary>Registers a watcher; transitions stored after this returns are delivered to its reader.
    /// Dispose the subscription to stop.</summary>
    public async Task<Subscription> SubscribeAsync(CancellationToken ct)
    {
        await _started.Task.WaitAsync(ct);
        var channel = Channel.CreateBounded<StatusTransitionRecord>(new BoundedChannelOptions(options.Value.WatcherBuffer)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
        });
        var id = Interlocked.Increment(ref _nextWatcherId);
        _watchers[id] = channel;
        // Poll at once so the subscriber's baseline is no older than its subscription.
        Nudge();
        return new Subscription(channel.Reader, () => _watchers.TryRemove(id, out _));
    }

    /// <summary>Asks for an immediate poll, after a local write stored a transition.</summary>
    public void Nudge() => _nudges.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Polling twice a second is no operation anyone asked for: without this, SqlClient would make a
        // root trace of every poll and bury the traces of calls.
        using var untraced = OpenTelemetry.SuppressInstrumentationScope.Begin();
        _lastSeen = await store.LatestTransitionIdAsync(stoppingToken);
        _started.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(options.Value.PollInterval);
                try { await _nudges.Reader.ReadAsync(wait.Token); }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogPollFailed(ex);
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
        foreach (var watcher in _watchers.Values) watcher.Writer.TryComplete();
    }

    async Task PollAsync(CancellationToken ct)
    {
        while (true)
        {
            var batch = await store.TransitionsAfterAsync(_lastSeen, 1000, ct);
            if (batch.Count == 0) return;
            foreach (var transition in batch)
            {
                foreach (var (id, watcher) in _watchers)
                {
                    // A watcher that cannot keep up is ended rather than allowed to hold memory without bound.
                    if (!watcher.Writer.TryWrite(transition))
                    {
                        watcher.Writer.TryComplete(new WatcherOverflowException());
                        _watchers.TryRemove(id, out _);
                    }
                }
            }
            _lastSeen = batch[^1].Id;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling status transitions failed; retrying")]
    partial void LogPollFailed(Exception ex);

    public sealed class Subscription(ChannelReader<StatusTransitionRecord> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<StatusTransitionRecord> Reader { get; } = reader;
        public void Dispose() => unsubscribe();
    }
}

public sealed class WatcherOverflowException() : Exception("The watcher fell too far behind the stream of status changes; watch again.");
