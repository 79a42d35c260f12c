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
}
