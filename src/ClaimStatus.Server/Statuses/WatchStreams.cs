using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Statuses;

/// <summary>Counts open watch streams, in total and per caller, and tells them when the server is stopping,
/// so each ends with UNAVAILABLE while its connection is still up instead of being reset when Kestrel gives up.</summary>
public sealed class WatchStreams(IOptions<WatchOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, int> _perCaller = new(StringComparer.Ordinal);
    int _total;
    long _closed;
    long _lastChange = clock.GetTimestamp();

    /// <summary>Cancelled when the host begins to stop.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    public WatchOptions Options => options.Value;

    public int Open => Volatile.Read(ref _total);

    /// <summary>Streams closed since the server started.</summary>
    public long Closed => Interlocked.Read(ref _closed);

    /// <summary>How long since a stream last opened or closed (by the server's <see cref="TimeProvider"/>).</summary>
    public TimeSpan Still => clock.GetElapsedTime(Interlocked.Read(ref _lastChange));

    /// <summary>Takes a slot for one stream; null (nothing taken) when a cap is reached.</summary>
    public Lease? TryOpen(string caller, out string refusal)
    {
        var o = options.Value;
        if (Interlocked.Increment(ref _total) > o.MaxStreams)
        {
            Interlocked.Decrement(ref _total);
            refusal = $"this server already has {o.MaxStreams} watch streams open (Watch:MaxStreams); retry later";
            return null;
        }
        if (_perCaller.AddOrUpdate(caller, 1, (_, n) => n + 1) > o.MaxStreamsPerCaller)
        {
            Release(caller);
            refusal = $"caller '{caller}' already has {o.MaxStreamsPerCaller} watch streams open (Watch:MaxStreamsPerCaller); close some first";
            return null;
        }
        refusal = "";
        Interlocked.Exchange(ref _lastChange, clock.GetTimestamp());
        return new Lease(this, caller);
    }

    void Release(string caller)
    {
        Interlocked.Decrement(ref _total);
        // Drop the caller's entry at zero, so identities seen once do not accumulate.
        if (_perCaller.AddOrUpdate(caller, 0, (_, n) => n - 1) <= 0)
            _perCaller.TryRemove(new KeyValuePair<string, int>(caller, 0));
    }

    void Close(string caller)
    {
        Release(caller);
        Interlocked.Increment(ref _closed);
        Interlocked.Exchange(ref _lastChange, clock.GetTimestamp());
    }

    public sealed class Lease(WatchStreams streams, string caller) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) streams.Close(caller);
        }
    }
}
