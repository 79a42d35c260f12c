namespace ClaimStatus.Server.Statuses;

/// <summary>Watch settings (section "Watch"). The caps keep what one caller, or all of them, can make the
/// server hold for open streams bounded.</summary>
public sealed class WatchOptions
{
    public const string Section = "Watch";

    /// <summary>How often the store is polled for transitions written by any replica.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Transitions a watcher may fall behind by before its stream is ended.</summary>
    public int WatcherBuffer { get; set; } = 10_000;

    /// <summary>Claims one watch may cover: a topic with more ends the watch with FAILED_PRECONDITION.</summary>
    public int MaxClaimsPerWatch { get; set; } = 10_000;

    /// <summary>Watch streams open at once on this replica, from all callers.</summary>
    public int MaxStreams { get; set; } = 2_500;

    /// <summary>Watch streams open at once for one caller identity.</summary>
    public int MaxStreamsPerCaller { get; set; } = 2_000;

    /// <summary>Claims assessed and sent per step of a watch's initial statuses.</summary>
    public int InitialPageSize { get; set; } = 200;

    /// <summary>After this many watch streams have closed, and none opened or closed for <see cref="TrimQuietPeriod"/>,
    /// the server runs one compacting full garbage collection so the runtime gives the storm's memory back
    /// (<see cref="WatchMemoryTrim"/>). 0 turns it off.</summary>
    public int TrimAfterClosedStreams { get; set; } = 500;

    /// <summary>How long the watch streams must have been still before the trim runs.</summary>
    public TimeSpan TrimQuietPeriod { get; set; } = TimeSpan.FromSeconds(3);
}
