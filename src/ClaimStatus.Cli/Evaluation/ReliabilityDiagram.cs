using System.Globalization;
using System.Text;
using ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Cli.Evaluation;

/// <summary>A reliability diagram as SVG: per probability bin, the observed share of true claims against the mean
/// predicted probability, each point labelled with its count, over the diagonal of perfect calibration.</summary>
public static class ReliabilityDiagram
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int Size = 400, Margin = 50;

    public static string Svg(CalibrationReport report, string title)
    {
        double X(double p) => Margin + p * Size;
        double Y(double p) => Margin + (1 - p) * Size;
        var svg = new StringBuilder();
        var full = Size + 2 * Margin;
        svg.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{full}\" height=\"{full + 20}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.Append(Inv, $"<rect width=\"{full}\" height=\"{full + 20}\" fill=\"white\"/>\n");
        svg.Append(Inv, $"<text x=\"{Margin}\" y=\"20\" font-size=\"13\">{Escape(title)}</text>\n");
        svg.Append(Inv, $"<rect x=\"{Margin}\" y=\"{Margin}\" width=\"{Size}\" height=\"{Size}\" fill=\"none\" stroke=\"black\"/>\n");
        for (var t = 0; t <= 10; t++)
        {
            var p = t / 10.0;
            svg.Append(Inv, $"<line x1=\"{X(p)}\" y1=\"{Y(0)}\" x2=\"{X(p)}\" y2=\"{Y(0) + 4}\" stroke=\"black\"/><text x=\"{X(p) - 8}\" y=\"{Y(0) + 16}\">{p:0.0}</text>\n");
            svg.Append(Inv, $"<line x1=\"{X(0) - 4}\" y1=\"{Y(p)}\" x2=\"{X(0)}\" y2=\"{Y(p)}\" stroke=\"black\"/><text x=\"{X(0) - 28}\" y=\"{Y(p) + 4}\">{p:0.0}</text>\n");
        }
        svg.Append(Inv, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"grey\" stroke-dasharray=\"4 4\"/>\n");
        var points = report.Bins.Where(b => b.Count > 0).ToList();
        if (points.Count > 1)
            svg.Append(Inv, $"<polyline fill=\"none\" stroke=\"steelblue\" stroke-width=\"2\" points=\"{string.Join(" ", points.Select(b => string.Create(Inv, $"{X(b.MeanPredicted):0.0},{Y(b.Observed):0.0}")))}\"/>\n");
        foreach (var b in points)
        {
            var r = 3 + Math.Sqrt(b.Count);
            svg.Append(Inv, $"<circle cx=\"{X(b.MeanPredicted):0.0}\" cy=\"{Y(b.Observed):0.0}\" r=\"{r:0.0}\" fill=\"steelblue\" fill-opacity=\"0.6\"/>");
            svg.Append(Inv, $"<text x=\"{X(b.MeanPredicted) + r + 2:0.0}\" y=\"{Y(b.Observed) - 2:0.0}\">n={b.Count}</text>\n");
        }
        svg.Append(Inv, $"<text x=\"{Margin + Size / 2 - 60}\" y=\"{full + 5}\">mean predicted P(true)</text>\n");
        svg.Append(Inv, $"<text x=\"14\" y=\"{Margin + Size / 2 + 50}\" transform=\"rotate(-90 14 {Margin + Size / 2 + 50})\">observed share true</text>\n");
        svg.Append(Inv, $"<text x=\"{Margin + 8}\" y=\"{Margin + 16}\">n={report.Count} brier={report.Brier:0.000} log loss={report.LogLoss:0.000} ECE={report.Ece:0.000}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
