using ClaimStatus.Cli.Scenario;
using ClaimStatus.Scoring;
using Engine = ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Cli.Evaluation;

/// <summary>A validated scenario file as the engine's evaluation records (assertion and adjudication ids in file
/// order, as an import stores them): what the nested protocol replays in memory.</summary>
public static class EngineScenario
{
    public static Engine.Scenario From(ScenarioFile file)
    {
        var sources = (file.Sources ?? []).Select(s => new SourceProfile(s!.Id!, Enum<SourceKind>(s.Kind ?? "OTHER"),
            Enum<Grade>(s.Reliability ?? "F"), Strings(s.Groups))).ToList();
        var claims = (file.Claims ?? []).Select(c => new Engine.ScenarioClaim(c!.Id!, Strings(c.Parties), Strings(c.HarmedParties))).ToList();
        var assertions = (file.Assertions ?? []).Select((a, i) => new Engine.ScenarioAssertion(a!.Claim!, new AssertionEvidence(
            i + 1, a.Source!, Enum<Stance>(a.Stance!), Enum<Hedge>(a.Hedge ?? "CERTAIN"), Enum<EvidenceKind>(a.Evidence ?? "OTHER"),
            Time(a.ObservedAt!), string.IsNullOrEmpty(a.ReportedVia) ? null : a.ReportedVia))).ToList();
        var adjudications = (file.Adjudications ?? []).Select((j, i) => new Engine.ScenarioAdjudication(j!.Claim!,
            new AdjudicationEvidence(i + 1, Enum<Truth>(j.Truth!), Time(j.DecidedAt!), j.Note))).ToList();
        var expectations = (file.Expectations ?? []).Select(e => new Engine.ScenarioExpectation(e!.Claim!, Time(e.AsOf!), Enum<Verdict>(e.Status!))).ToList();
        return new Engine.Scenario(file.Name ?? "", sources, claims, assertions, adjudications, expectations);
    }

    private static List<string> Strings(List<string?>? values) => (values ?? []).Select(v => v!).ToList();

    private static DateTimeOffset Time(string rfc3339) => Rfc3339.Parse(rfc3339);

    // SCREAMING_SNAKE in the file, PascalCase in the engine: CANNOT_CONFIRM -> CannotConfirm.
    private static T Enum<T>(string value) where T : struct, System.Enum => System.Enum.Parse<T>(value.Replace("_", ""), ignoreCase: true);
}
