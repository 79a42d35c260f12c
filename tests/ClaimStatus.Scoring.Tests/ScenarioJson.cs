using System.Text.Json;
using ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Scoring.Tests;

/// <summary>Reads the claimstatus-scenario/1 format into the engine's scenario records. Assertion ids
/// follow file order, as an import stores them.</summary>
public static class ScenarioJson
{
    public static Scenario Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var sources = Array(root, "sources").Select(s => new SourceProfile(
            Str(s, "id")!, Enum<SourceKind>(Str(s, "kind")!), System.Enum.Parse<Grade>(Str(s, "reliability")!), Strings(s, "groups"))).ToList();
        var claims = Array(root, "claims").Select(c => new ScenarioClaim(Str(c, "id")!, Strings(c, "parties"), Strings(c, "harmed_parties"))).ToList();
        var assertions = Array(root, "assertions").Select((a, i) => new ScenarioAssertion(Str(a, "claim")!, new AssertionEvidence(
            i + 1, Str(a, "source")!, Enum<Stance>(Str(a, "stance")!), Enum<Hedge>(Str(a, "hedge") ?? "CERTAIN"),
            Enum<EvidenceKind>(Str(a, "evidence") ?? "OTHER"), Time(a, "observed_at"), Str(a, "reported_via")))).ToList();
        var adjudications = Array(root, "adjudications").Select((a, i) => new ScenarioAdjudication(Str(a, "claim")!,
            new AdjudicationEvidence(i + 1, Enum<Truth>(Str(a, "truth")!), Time(a, "decided_at"), Str(a, "note")))).ToList();
        var expectations = Array(root, "expectations").Select(e => new ScenarioExpectation(
            Str(e, "claim")!, Time(e, "as_of"), Enum<Verdict>(Str(e, "status")!))).ToList();
        return new Scenario(Str(root, "name") ?? "", sources, claims, assertions, adjudications, expectations);
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToList() : [];

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static List<string> Strings(JsonElement e, string name) => Array(e, name).Select(x => x.GetString()!).ToList();

    private static DateTimeOffset Time(JsonElement e, string name) =>
        DateTimeOffset.Parse(Str(e, name)!, System.Globalization.CultureInfo.InvariantCulture);

    // SCREAMING_SNAKE in the file, PascalCase in the engine: CANNOT_CONFIRM -> CannotConfirm.
    private static T Enum<T>(string value) where T : struct, System.Enum =>
        System.Enum.Parse<T>(value.Replace("_", ""), ignoreCase: true);
}
