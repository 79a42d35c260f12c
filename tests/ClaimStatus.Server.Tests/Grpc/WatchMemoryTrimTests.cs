using ClaimStatus.Server.Statuses;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>When the post-storm collection runs: after enough closed streams and a quiet period, once per storm.
/// Time is a hand-moved clock, so nothing here waits.</summary>
public sealed class WatchMemoryTrimTests
{
    sealed class ManualClock : TimeProvider
    {
        long _ticks = TimeSpan.FromDays(1).Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public override DateTimeOffset GetUtcNow() => new(_ticks, TimeSpan.Zero);
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    readonly ManualClock _clock = new();

    (WatchStreams Streams, WatchMemoryTrim Trim) Create(int afterClosed = 3, int quietSeconds = 5)
    {
        var options = Options.Create(new WatchOptions
        {
            TrimAfterClosedStreams = afterClosed, TrimQuietPeriod = TimeSpan.FromSeconds(quietSeconds),
        });
        var streams = new WatchStreams(options, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), _clock);
        return (streams, new WatchMemoryTrim(streams, options, _clock, NullLogger<WatchMemoryTrim>.Instance));
    }

    static void OpenAndClose(WatchStreams streams, int count)
    {
        for (var i = 0; i < count; i++) streams.TryOpen("alice", out _)!.Dispose();
    }

    [Fact]
    public void Runs_once_after_enough_streams_closed_and_a_quiet_period()
    {
        var (streams, trim) = Create(afterClosed: 3, quietSeconds: 5);
        OpenAndClose(streams, 2);
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(trim.TrimIfDue()); // 2 closed: below the threshold, however quiet

        OpenAndClose(streams, 1);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(trim.TrimIfDue()); // 3 closed, but the last only 4 s ago

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(trim.TrimIfDue());
        Assert.Equal(1, trim.Trims);

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(trim.TrimIfDue()); // nothing closed since: the storm was already trimmed
        Assert.Equal(1, trim.Trims);
    }

    [Fact]
    public void An_opened_stream_restarts_the_quiet_period()
    {
        var (streams, trim) = Create(afterClosed: 3, quietSeconds: 5);
        OpenAndClose(streams, 3);
        _clock.Advance(TimeSpan.FromSeconds(4));
        using var open = streams.TryOpen("bob", out _);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(trim.TrimIfDue()); // 8 s after the closes, 4 s after an open

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(trim.TrimIfDue());
    }

    [Fact]
    public void A_second_storm_is_counted_from_the_last_trim()
    {
        var (streams, trim) = Create(afterClosed: 3, quietSeconds: 5);
        OpenAndClose(streams, 4);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(trim.TrimIfDue());

        OpenAndClose(streams, 2);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(trim.TrimIfDue());
        OpenAndClose(streams, 1);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(trim.TrimIfDue());
        Assert.Equal(2, trim.Trims);
    }

    [Fact]
    public void Zero_turns_it_off()
    {
        var (streams, trim) = Create(afterClosed: 0);
        OpenAndClose(streams, 10);
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(trim.TrimIfDue());
    }
}
