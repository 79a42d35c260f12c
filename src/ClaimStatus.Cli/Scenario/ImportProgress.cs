using System.Diagnostics;
using System.Globalization;

namespace ClaimStatus.Cli.Scenario;

/// <summary>
/// "assertions 12000/50000 (24,000/s)" on stderr: rewritten in place on a terminal, an occasional
/// line when stderr goes to a file or pipe. Quiet for imports that finish within the first interval.
/// </summary>
public sealed class ImportProgress(TextWriter error, bool interactive)
{
    private readonly TimeSpan interval = interactive ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2);
    private readonly Stopwatch clock = new();
    private TimeSpan lastShown;
    private bool shown;
    private string what = "";
    private long total;
    private long done;

    public static ImportProgress None { get; } = new(TextWriter.Null, interactive: false);

    public void Start(string name, long count)
    {
        (what, total, done, shown, lastShown) = (name, count, 0, false, TimeSpan.Zero);
        clock.Restart();
    }

    public void Report(long count)
    {
        done = count;
        if (clock.Elapsed - lastShown < interval) return;
        lastShown = clock.Elapsed;
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
        var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var line = string.Create(CultureInfo.InvariantCulture, $"{what} {done}/{total} ({rate:N0}/s)");
        if (interactive) error.Write("\r" + line.PadRight(60));
        else error.WriteLine(line);
    }
}
