using System.Runtime;
using System.Runtime.InteropServices;
using ClaimStatus.Server.Telemetry;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Statuses;

/// <summary>Gives memory back after a storm of watch streams. Thousands of streams opening at once grow the GC heap
/// (call contexts, HTTP/2 streams, Kestrel's buffers), and once they close the runtime keeps that heap committed
/// for the next burst: measured, RSS stayed ~70% above its pre-storm level (RELIABILITY.md). When
/// <see cref="WatchOptions.TrimAfterClosedStreams"/> streams have closed since the last trim and no stream has
/// opened or closed for <see cref="WatchOptions.TrimQuietPeriod"/>, one blocking, compacting, aggressive
/// collection releases it; a quiet server pays for that (tens of milliseconds) once per storm, a busy one never.</summary>
public sealed partial class WatchMemoryTrim(WatchStreams streams, IOptions<WatchOptions> options, TimeProvider clock,
    ILogger<WatchMemoryTrim> log) : BackgroundService
{
    static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    long _closedAtLastTrim;

    /// <summary>Number of trims run; for tests and the log.</summary>
    public int Trims { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.TrimAfterClosedStreams <= 0) return;
        using var timer = new PeriodicTimer(CheckEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) TrimIfDue();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>Runs the trim when enough streams have closed since the last one and the streams have been still
    /// long enough; true when it ran.</summary>
    public bool TrimIfDue()
    {
        var o = options.Value;
        var closed = streams.Closed - _closedAtLastTrim;
        if (o.TrimAfterClosedStreams <= 0 || closed < o.TrimAfterClosedStreams || streams.Still < o.TrimQuietPeriod) return false;
        _closedAtLastTrim += closed;
        Trim(closed);
        return true;
    }

    void Trim(long closed)
    {
        var before = GC.GetGCMemoryInfo();
        var start = clock.GetTimestamp();
        // Aggressive also decommits the free space the GC would otherwise keep for later allocations. The large object
        // heap is compacted this once too (by default it never is); the pinned-object heap, Kestrel's buffers, cannot be.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var after = GC.GetGCMemoryInfo();
        ReleaseNativeFreeMemory();
        Trims++;
        ClaimStatusTelemetry.WatchMemoryTrims.Add(1);
        LogTrimmed(closed, Mb(before.HeapSizeBytes), Mb(after.HeapSizeBytes), Mb(before.TotalCommittedBytes),
            Mb(after.TotalCommittedBytes), Mb(Environment.WorkingSet), (long)clock.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>The native side of the storm (SQLite's page caches and statements, the runtime's own allocations) is
    /// freed into glibc's malloc arenas, which keep it; malloc_trim hands their free pages back. musl and other
    /// systems have no such call, and there the step is skipped.</summary>
    static void ReleaseNativeFreeMemory()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { malloc_trim(0); }
        catch (EntryPointNotFoundException) { }
        catch (DllNotFoundException) { }
    }

#pragma warning disable SYSLIB1054, CA5392 // LibraryImport would need unsafe code; libc is the system's own
    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
#pragma warning restore SYSLIB1054, CA5392

    static long Mb(long bytes) => bytes / (1024 * 1024);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch memory trim after {Closed} closed streams: GC heap {HeapBefore} -> {HeapAfter} MB, committed {CommittedBefore} -> {CommittedAfter} MB, working set now {WorkingSet} MB, {Ms} ms")]
    partial void LogTrimmed(long closed, long heapBefore, long heapAfter, long committedBefore, long committedAfter, long workingSet, long ms);
}
