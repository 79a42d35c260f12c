using ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Scoring.Tests;

/// <summary>The seed scenario (nk-troops-2024): October 2024 reporting on North Korean troops in Russia,
/// written out here so the engine's specification does not depend on files outside the repository.</summary>
internal static class NkTroopsScenario
{
    private const string Troops = "nk-troops-in-russia", NoTroops = "no-nk-troops-in-russia",
        SpecialForces = "nk-1500-special-forces", Soldiers = "nk-12000-soldiers", Summoned = "kr-summoned-ru-envoy";

    private static DateTimeOffset T(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    public static Scenario Build()
    {
        SourceProfile S(string id, SourceKind kind, Grade grade, params string[] groups) => new(id, kind, grade, groups);
        var sources = new[]
        {
            S("kr-nis", SourceKind.IntelligenceAgency, Grade.B, "kr-government"),
            S("kr-mofa", SourceKind.Government, Grade.B, "kr-government"),
            S("yonhap", SourceKind.NewsAgency, Grade.B),
            S("ru-gov", SourceKind.Government, Grade.D, "ru-government"),
            S("ua-gov", SourceKind.Government, Grade.C, "ua-government"),
            S("us-nsc", SourceKind.Government, Grade.B, "us-government"),
            S("us-dod", SourceKind.Government, Grade.B, "us-government"),
            S("nato", SourceKind.InternationalOrganization, Grade.B),
        };
        string[] ru = ["ru-government"];
        var claims = new[]
        {
            new ScenarioClaim(Troops, ru), new ScenarioClaim(NoTroops, ru), new ScenarioClaim(SpecialForces, ru),
            new ScenarioClaim(Soldiers, ru), new ScenarioClaim(Summoned, []),
        };
        var rows = new (string Claim, string Source, Stance Stance, Hedge Hedge, string At, EvidenceKind Kind, string? Via)[]
        {
            (Troops, "kr-nis", Stance.Supports, Hedge.Certain, "2024-10-18T09:00:00Z", EvidenceKind.Intelligence, null),
            (Troops, "ua-gov", Stance.Supports, Hedge.Certain, "2024-10-20T19:00:00Z", EvidenceKind.Intelligence, null),
            (Troops, "kr-mofa", Stance.Supports, Hedge.Possible, "2024-10-21T06:00:00Z", EvidenceKind.OfficialStatement, "yonhap"),
            (Troops, "ru-gov", Stance.Refutes, Hedge.Certain, "2024-10-18T12:00:00Z", EvidenceKind.OfficialStatement, null),
            (Troops, "us-nsc", Stance.CannotConfirm, Hedge.Certain, "2024-10-18T20:00:00Z", EvidenceKind.OfficialStatement, null),
            (Troops, "nato", Stance.CannotConfirm, Hedge.Certain, "2024-10-21T08:00:00Z", EvidenceKind.OfficialStatement, null),
            (Troops, "us-dod", Stance.Supports, Hedge.Certain, "2024-10-23T10:00:00Z", EvidenceKind.Intelligence, null),
            (Troops, "us-nsc", Stance.Supports, Hedge.Certain, "2024-10-23T18:00:00Z", EvidenceKind.Intelligence, null),
            (Troops, "nato", Stance.Supports, Hedge.Certain, "2024-10-28T10:00:00Z", EvidenceKind.Intelligence, null),
            (NoTroops, "ru-gov", Stance.Supports, Hedge.Certain, "2024-10-18T12:00:00Z", EvidenceKind.OfficialStatement, null),
            (NoTroops, "kr-nis", Stance.Refutes, Hedge.Certain, "2024-10-18T09:00:00Z", EvidenceKind.Intelligence, null),
            (NoTroops, "ua-gov", Stance.Refutes, Hedge.Certain, "2024-10-20T19:00:00Z", EvidenceKind.Intelligence, null),
            (NoTroops, "us-dod", Stance.Refutes, Hedge.Certain, "2024-10-23T10:00:00Z", EvidenceKind.Intelligence, null),
            (NoTroops, "nato", Stance.Refutes, Hedge.Certain, "2024-10-28T10:00:00Z", EvidenceKind.Intelligence, null),
            (SpecialForces, "kr-nis", Stance.Supports, Hedge.Certain, "2024-10-18T09:00:00Z", EvidenceKind.Intelligence, null),
            (Soldiers, "kr-nis", Stance.Supports, Hedge.Probable, "2024-10-18T09:00:00Z", EvidenceKind.Intelligence, null),
            (Soldiers, "ua-gov", Stance.Supports, Hedge.Probable, "2024-10-20T19:00:00Z", EvidenceKind.Intelligence, null),
            (Soldiers, "ru-gov", Stance.Refutes, Hedge.Certain, "2024-10-18T12:00:00Z", EvidenceKind.OfficialStatement, null),
            (Summoned, "yonhap", Stance.Supports, Hedge.Certain, "2024-10-21T05:00:00Z", EvidenceKind.NewsReport, null),
            (Summoned, "ru-gov", Stance.Supports, Hedge.Certain, "2024-10-21T05:00:00Z", EvidenceKind.OfficialStatement, "yonhap"),
        };
        var assertions = rows.Select((r, i) => new ScenarioAssertion(r.Claim,
            new AssertionEvidence(i + 1, r.Source, r.Stance, r.Hedge, r.Kind, T(r.At), r.Via))).ToList();
        var expectations = new[]
        {
            new ScenarioExpectation(Troops, T("2024-10-21T23:59:59Z"), Verdict.Unverified),
            new ScenarioExpectation(Troops, T("2024-10-29T00:00:00Z"), Verdict.Confirmed),
            new ScenarioExpectation(NoTroops, T("2024-10-29T00:00:00Z"), Verdict.Denied),
            new ScenarioExpectation(SpecialForces, T("2024-10-29T00:00:00Z"), Verdict.Unverified),
            new ScenarioExpectation(Soldiers, T("2024-10-29T00:00:00Z"), Verdict.Unverified),
            new ScenarioExpectation(Troops, T("2024-10-17T00:00:00Z"), Verdict.Unverified),
        };
        return new Scenario("nk-troops-2024", sources, claims, assertions, [], expectations);
    }
}
