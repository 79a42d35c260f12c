using System.Globalization;
using System.Text;
using ClaimStatus.Cli.Evaluation;
using ClaimStatus.Cli.Scenario;
using ClaimStatus.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.Cli.Output;

/// <summary>Every line the CLI prints, in one place, with invariant numbers so output diffs across machines.</summary>
public static class Text
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int MaxErrorsShown = 25;

    public static string Num(double value) => value.ToString("0.000", Inv);

    public static string Time(Timestamp? time) => time is null ? "-" : Rfc3339.Format(time.ToDateTimeOffset());

    public static string Status(Status status) => ScenarioNames.Status.Name(status);

    public static string StatusLine(StatusReport r)
    {
        var line = string.Create(Inv,
            $"{r.ClaimId} {Status(r.Status)} as of {Time(r.AsOf)}  probability={Num(r.Probability)} uncertainty={Num(r.Uncertainty)}  groups +{r.SupportingGroups}/-{r.RefutingGroups}  policy {r.PolicyName} {r.PolicyVersion}");
        return r.Adjudication is { } j ? $"{line}  adjudicated {ScenarioNames.Truth.Name(j.Truth)} at {Time(j.DecidedAt)}" : line;
    }

    /// <param name="recorders">Who recorded each assertion, by id (the audit trail); "?" for one not listed.</param>
    /// <param name="adjudication">The claim's adjudication, if it has one.</param>
    private const int DecisionPairsPerLine = 4;

    public static string Explain(StatusReport r, string? traceId,
        IReadOnlyDictionary<long, string>? recorders = null, Adjudication? adjudication = null)
    {
        var text = new StringBuilder();
        text.AppendLine(StatusLine(r));
        text.AppendLine();
        var rows = new List<string[]>
        {
            new[] { "source", "via", "grade", "trust s/r", "stance", "hedge", "group", "superseded", "party", "weight", "belief", "disbelief", "recorded by", "why" },
        };
        rows.AddRange(r.Contributions.Select(c => new[]
        {
            c.SourceId,
            // The outlet that relayed the source's word, when it came second-hand (its group is the relay's).
            c.ReportedVia.Length > 0 ? c.ReportedVia : "-",
            ScenarioNames.Reliability.Name(c.Reliability),
            c.Learned is { } l ? $"{Num(l.SupportsTrust)}/{Num(l.RefutesTrust)}" : "-",
            ScenarioNames.Stance.Name(c.Stance),
            ScenarioNames.Hedge.Name(c.Hedge),
            c.Group,
            c.Superseded ? "yes" : "no",
            // An admission against interest is a party's word too, counted up instead of down.
            c.Admission ? "admits" : c.InterestedParty ? "yes" : "no",
            Num(c.Weight),
            Num(c.BeliefShare),
            Num(c.DisbeliefShare),
            recorders?.GetValueOrDefault(c.AssertionId) ?? "?",
            c.Why,
        }));
        AppendTable(text, rows);
        text.AppendLine();
        text.AppendLine($"fused          belief={Num(r.Belief)} disbelief={Num(r.Disbelief)} uncertainty={Num(r.Uncertainty)}");
        text.AppendLine($"probability    {Num(r.Probability)} ({r.Likelihood})");
        text.AppendLine(string.Create(Inv, $"credibility    {r.Credibility}"));
        text.AppendLine(string.Create(Inv, $"assertions     {r.AssertionsUsed} used, {r.AssertionsSuperseded} superseded"));
        // The policy's scores, a few per line: on one line they ran to 21 pairs.
        foreach (var (line, i) in r.Decision.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={Num(d.Value)}")
                     .Chunk(DecisionPairsPerLine).Select((pairs, i) => (string.Join("  ", pairs), i)))
            text.AppendLine((i == 0 ? "decision       " : "               ") + line);
        text.AppendLine($"reason         {r.Reason}");
        if (adjudication is not null)
            text.AppendLine($"adjudicated    {ScenarioNames.Truth.Name(adjudication.Truth)} at {Time(adjudication.DecidedAt)} by {adjudication.RecordedBy}"
                + (adjudication.Rationale.Length > 0 ? $": {adjudication.Rationale}" : ""));
        text.AppendLine($"policy         {r.PolicyName} {r.PolicyVersion}");
        if (!string.IsNullOrEmpty(traceId)) text.AppendLine($"trace-id: {traceId}");
        return text.ToString().TrimEnd('\n', '\r');
    }

    public static string WatchLine(WatchStatusResponse m) =>
        m.Transition is { } t && t.ToStatus != Contracts.V1.Status.Unspecified
            ? $"{Time(t.TransitionTime)} {t.ClaimId} {(t.FromStatus == Contracts.V1.Status.Unspecified ? "(none)" : Status(t.FromStatus))} -> {Status(t.ToStatus)}  probability={Num(t.Probability)} uncertainty={Num(t.Uncertainty)}  cause={t.Cause}"
            : $"{Time(m.Status.AsOf)} {m.Status.ClaimId} {Status(m.Status.Status)}  probability={Num(m.Status.Probability)} uncertainty={Num(m.Status.Uncertainty)}  (current)";

    public static string Summary(ImportSummary s) => string.Create(Inv,
        $"imported: sources {s.Sources} upserted, claims {s.ClaimsCreated} created / {s.Claims - s.ClaimsCreated} replayed, assertions {s.AssertionsRecorded} recorded / {s.AssertionsReplayed} replayed, adjudications {s.Adjudications}");

    public static string CheckLine(ScenarioExpectation e, StatusReport got)
    {
        var pass = e.Status == Status(got.Status);
        return $"{(pass ? "PASS" : "FAIL")}  {e.Claim}  as_of={e.AsOf}  expected={e.Status}  got={Status(got.Status)}  " +
               $"probability={Num(got.Probability)} uncertainty={Num(got.Uncertainty)}";
    }

    public static string CheckTotals(int passed, int failed) => string.Create(Inv, $"{passed} passed, {failed} failed");

    public static string Errors(IReadOnlyList<ScenarioError> errors)
    {
        var text = new StringBuilder("error: the scenario file is invalid; nothing was imported\n");
        foreach (var e in errors.Take(MaxErrorsShown)) text.AppendLine("  " + e);
        if (errors.Count > MaxErrorsShown) text.AppendLine(string.Create(Inv, $"  ... and {errors.Count - MaxErrorsShown} more"));
        return text.ToString().TrimEnd('\n');
    }

    public static string Evaluation(Metrics m)
    {
        var text = new StringBuilder();
        var names = Metrics.Classes.Select(Status).ToArray();
        List<string[]> matrix = [["expected \\ got", .. names]];
        for (var i = 0; i < names.Length; i++)
            matrix.Add([names[i], .. Enumerable.Range(0, names.Length).Select(j => m.Confusion[i, j].ToString(Inv))]);
        AppendTable(text, matrix);
        text.AppendLine();
        var scores = new List<string[]> { new[] { "class", "precision", "recall", "f1", "support" } };
        for (var i = 0; i < names.Length; i++)
            scores.Add([names[i], Num(m.Precision(i)), Num(m.Recall(i)), Num(m.F1(i)), m.Support(i).ToString(Inv)]);
        AppendTable(text, scores);
        text.AppendLine();
        text.Append(string.Create(Inv, $"accuracy={Num(m.Accuracy)} macro_f1={Num(m.MacroF1)} n={m.Count}"));
        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
    }
}
