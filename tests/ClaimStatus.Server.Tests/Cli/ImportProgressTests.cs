using ClaimStatus.Cli.Scenario;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>The import's progress line: count, rate and the time left at that rate, on a hand-moved clock.</summary>
public sealed class ImportProgressTests
{
    sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; } = TimeSpan.FromDays(1).Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void A_line_every_interval_gives_the_rate_and_the_time_left_at_that_rate()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new ImportProgress(output, interactive: false, clock);

        progress.Start("assertions", 10_000_000);
        clock.Ticks += TimeSpan.FromSeconds(1).Ticks;
        progress.Report(20_000);   // within the first 2 s: nothing yet
        clock.Ticks += TimeSpan.FromSeconds(1).Ticks;
        progress.Report(50_000);
        clock.Ticks += TimeSpan.FromSeconds(2).Ticks;
        progress.Report(9_999_000 / 50);
        clock.Ticks += TimeSpan.FromSeconds(196).Ticks;
        progress.Report(9_999_000);
        progress.Finish();

        Assert.Equal(
            [
                "assertions 50000/10000000 (25,000/s, about 7 min left)",
                "assertions 199980/10000000 (49,995/s, about 4 min left)",
                "assertions 9999000/10000000 (49,995/s, about 1 s left)",
                "assertions 9999000/10000000 (49,995/s, about 1 s left)",
            ],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_finished_import_shows_no_time_left()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new ImportProgress(output, interactive: false, clock);
        progress.Start("claims", 100);
        clock.Ticks += TimeSpan.FromSeconds(4).Ticks;
        progress.Report(100);
        progress.Finish();
        Assert.Equal("claims 100/100 (25/s)", output.ToString().Split(Environment.NewLine)[0]);
    }
}
