using System.Globalization;

namespace ClaimStatus.Cli.Scenario;

/// <summary>
/// "assertions 12000/50000 (24,000/s, about 2 s left)" on stderr: rewritten in place on a terminal, an occasional
/// line when stderr goes to a file or pipe. Quiet for imports that finish within the first interval. The time left
/// assumes the rate so far holds.
/// </summary>
public sealed class ImportProgress(TextWriter error, bool interactive, TimeProvider? time = null)
{
    private readonly TimeSpan interval = interactive ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2);
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private long started;
    private TimeSpan lastShown;
    private bool shown;
    private string what = "";
    private long total;
    private long done;

    public static ImportProgress None { get; } = new(TextWriter.Null, interactive: false);

    public void Start(string name, long count)
    {
        (what, total, done, shown, lastShown) = (name, count, 0, false, TimeSpan.Zero);
        started = time.GetTimestamp();
    }

    public void Report(long count)
    {
        done = count;
        var elapsed = time.GetElapsedTime(started);
        if (elapsed - lastShown < interval) return;
        lastShown = elapsed;
        Show();
    }

    public void Finish()
    {
        if (!shown) return;
        Show();
        if (interactive) error.WriteLine();
    }

    private void Show()
    {
        shown = true;
        var rate = done / Math.Max(time.GetElapsedTime(started).TotalSeconds, 0.001);
        var left = done >= total || rate <= 0 ? "" : $", about {Left(TimeSpan.FromSeconds((total - done) / rate))} left";
        var line = string.Create(CultureInfo.InvariantCulture, $"{what} {done}/{total} ({rate:N0}/s{left})");
        if (interactive) error.Write("\r" + line.PadRight(60));
        else error.WriteLine(line);
    }

    private static string Left(TimeSpan t) => t.TotalSeconds < 90
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(t.TotalSeconds):0} s")
        : t.TotalMinutes < 90 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(t.TotalMinutes):0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0.0} h");
}
