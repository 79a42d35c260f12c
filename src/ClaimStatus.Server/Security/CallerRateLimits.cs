using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Security;

/// <summary>Per-caller budgets (section <c>RateLimits</c>). The defaults are far above what one well-behaved
/// client does (the load scripts stay below them) and only stop a runaway loop.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    public BucketOptions Reads { get; set; } = new() { TokensPerPeriod = 50_000, Period = TimeSpan.FromSeconds(1), Burst = 100_000 };

    public BucketOptions Writes { get; set; } = new() { TokensPerPeriod = 10_000, Period = TimeSpan.FromSeconds(1), Burst = 20_000 };

    /// <summary>Unary and client-streaming calls in progress at once on this replica, every caller together; the
    /// next one is refused at once (RESOURCE_EXHAUSTED, retry shortly) rather than admitted. It bounds the calls
    /// waiting on a slow database (each holding a pooled connection and its request), which would otherwise pile
    /// up until SqlClient's pool timeout fails them all. CPU-bound overload queues before any handler runs, in
    /// Kestrel and the thread pool, and is not seen here (RELIABILITY.md, "Overload"). Watches have their own caps
    /// (Watch:MaxStreams); health is never counted. 0: no limit.</summary>
    public int MaxConcurrentCalls { get; set; } = 256;

    /// <summary>The retry delay a call refused by <see cref="MaxConcurrentCalls"/> is given.</summary>
    public static readonly TimeSpan BusyRetryDelay = TimeSpan.FromMilliseconds(100);
}

/// <summary>A token bucket: <see cref="Burst"/> calls at once, refilled by <see cref="TokensPerPeriod"/> each
/// <see cref="Period"/>. A streaming call costs one token, whatever it carries.</summary>
public sealed class BucketOptions
{
    public int TokensPerPeriod { get; set; }
    public TimeSpan Period { get; set; }
    public int Burst { get; set; }

    public bool IsValid => TokensPerPeriod > 0 && Burst > 0 && Period > TimeSpan.Zero;
}

/// <summary>One token bucket per principal and budget. Lives in the <see cref="CallerInterceptor"/> rather than
/// the ASP.NET Core middleware: only there is the caller already authenticated, the method's budget known from
/// <see cref="MethodScopes"/>, and a rejection an ordinary RpcException (RESOURCE_EXHAUSTED with RetryInfo)
/// instead of an HTTP 429 without grpc-status. Idle buckets are dropped by the partitioned limiter.</summary>
public sealed class CallerRateLimits(IOptions<RateLimitOptions> options) : IDisposable
{
    readonly RateLimitOptions _options = options.Value;
    readonly PartitionedRateLimiter<string> _reads = Create(options.Value.Reads);
    readonly PartitionedRateLimiter<string> _writes = Create(options.Value.Writes);
    int _callsInProgress;

    /// <summary>Takes one of the <see cref="RateLimitOptions.MaxConcurrentCalls"/> slots; false when none is free.
    /// A true result must be matched by one <see cref="ExitCall"/>.</summary>
    public bool TryEnterCall()
    {
        if (_options.MaxConcurrentCalls == 0) return true;
        if (Interlocked.Increment(ref _callsInProgress) <= _options.MaxConcurrentCalls) return true;
        Interlocked.Decrement(ref _callsInProgress);
        return false;
    }

    public void ExitCall()
    {
        if (_options.MaxConcurrentCalls != 0) Interlocked.Decrement(ref _callsInProgress);
    }

    /// <returns>Null when the call may go ahead; otherwise how long the caller should wait.</returns>
    public TimeSpan? TryAcquire(string caller, bool read)
    {
        if (!_options.Enabled) return null;
        using var lease = (read ? _reads : _writes).AttemptAcquire(caller);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : (read ? _options.Reads : _options.Writes).Period;
    }

    public string Describe(bool read)
    {
        var bucket = read ? _options.Reads : _options.Writes;
        return $"{(read ? "read" : "write")} budget ({bucket.TokensPerPeriod} per {bucket.Period}, burst {bucket.Burst})";
    }

    static PartitionedRateLimiter<string> Create(BucketOptions bucket) =>
        PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Burst,
                TokensPerPeriod = bucket.TokensPerPeriod,
                ReplenishmentPeriod = bucket.Period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    public void Dispose()
    {
        _reads.Dispose();
        _writes.Dispose();
    }
}
