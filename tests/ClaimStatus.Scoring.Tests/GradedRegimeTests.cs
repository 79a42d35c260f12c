using ClaimStatus.Scoring.Evaluation;
using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests;

/// <summary>Rules 10 and 11: graded sources are judged by their grade through fixed priors, and a claim's parties alone
/// settle nothing. Each case is written from the Admiralty and ICD 203 words, not from data; the last test runs the whole
/// table again with a policy refitted on Emergent and requires every answer unchanged.</summary>
public sealed class GradedRegimeTests
{
    private static readonly SourceProfile[] Sources =
    [
        Source("a1", Grade.A), Source("a2", Grade.A), Source("b1", Grade.B), Source("b2", Grade.B), Source("b3", Grade.B),
        Source("c1", Grade.C), Source("d1", Grade.D),
        Source("kremlin", Grade.B, "russia"), Source("mod-ru", Grade.C, "russia"),
        Source("kyiv", Grade.B, "ukraine"), Source("gur", Grade.B, "ukraine"),
    ];

    private static readonly string[] Parties = ["russia", "ukraine"];

    private static ClaimEvidence Words(params AssertionEvidence[] words) => Claim(Sources, words, parties: Parties);

    private static readonly Dictionary<string, (ClaimEvidence Evidence, Verdict Status, int? Credibility)> Cases = new()
    {
        ["rule 10: three independent A/B, certain, nothing against: CONFIRMED, credibility 1"] =
            (Words(Say(1, "a1", Stance.Supports), Say(2, "b1", Stance.Supports), Say(3, "b2", Stance.Supports)), Verdict.Confirmed, 1),
        ["rule 10: three independent B, certain: CONFIRMED, credibility 1"] =
            (Words(Say(1, "b1", Stance.Supports), Say(2, "b2", Stance.Supports), Say(3, "b3", Stance.Supports)), Verdict.Confirmed, 1),
        ["rule 4: a lone A support is one voice: UNVERIFIED"] = (Words(Say(1, "a1", Stance.Supports)), Verdict.Unverified, 2),
        ["two independent A refutations: DENIED"] =
            (Words(Say(1, "a1", Stance.Refutes), Say(2, "a2", Stance.Refutes)), Verdict.Denied, 5),
        ["rule 11: one party's hedged support against the other party's denial: UNVERIFIED"] =
            (Words(Say(1, "kyiv", Stance.Supports, Hedge.Probable), Say(2, "kremlin", Stance.Refutes)), Verdict.Unverified, null),
        ["rule 11: both sides of both parties, certain: UNVERIFIED"] =
            (Words(Say(1, "kyiv", Stance.Supports), Say(2, "gur", Stance.Supports), Say(3, "kremlin", Stance.Refutes), Say(4, "mod-ru", Stance.Refutes)),
                Verdict.Unverified, null),
        ["rule 11: a party's denial alone: UNVERIFIED"] = (Words(Say(1, "kremlin", Stance.Refutes)), Verdict.Unverified, null),
        ["rule 11 ends when a neutral source speaks: two independent B against a party's denial"] =
            (Words(Say(1, "b1", Stance.Supports), Say(2, "b2", Stance.Supports), Say(3, "kremlin", Stance.Refutes)), Verdict.Confirmed, 1),
        ["one B against one B: contested, UNVERIFIED"] = (Words(Say(1, "b1", Stance.Supports), Say(2, "b2", Stance.Refutes)), Verdict.Unverified, 3),
        ["three independent A/B with an A against: not CONFIRMED"] =
            (Words(Say(1, "b1", Stance.Supports), Say(2, "b2", Stance.Supports), Say(3, "b3", Stance.Supports), Say(4, "a1", Stance.Refutes)),
                Verdict.Unverified, null),
        ["a D and a C do not confirm"] = (Words(Say(1, "d1", Stance.Supports), Say(2, "c1", Stance.Supports)), Verdict.Unverified, null),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Graded_cases_follow_the_grade(string name)
    {
        var (evidence, status, credibility) = Cases[name];
        var a = Score(evidence);
        Assert.True(status == a.Verdict, $"{a.Verdict}: {a.Reason}");
        if (credibility is { } c) Assert.Equal(c, a.Credibility);
    }

    [Fact]
    public void The_parties_only_reason_names_rule_11()
    {
        var a = Score(Words(Say(1, "kyiv", Stance.Supports, Hedge.Probable), Say(2, "kremlin", Stance.Refutes)));
        Assert.Contains("rule 11", a.Reason);
        Assert.Equal(1, a.Decision["parties_only"]);
    }

    [SharedScenarioFact("emergent-train.json")]
    public void A_refit_on_Emergent_leaves_every_graded_case_unchanged()
    {
        var emergent = SharedScenarios.Load("emergent-train.json");
        // What the protocol learns, fitted on a part of the file and on all of it: the ungraded priors and the calibration
        // map of the served probability move, the rest not; then absurd ungraded priors and an absurd calibration.
        var half = emergent.Claims.Where((_, i) => i % 2 == 0).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var all = emergent.Claims.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var refits = new[]
        {
            PolicyJudge.Fit(emergent, half, ScoringPolicy.Default, calibrate: false),
            PolicyJudge.Fit(emergent, all, ScoringPolicy.Default, calibrate: false),
            PolicyJudge.Fit(emergent, half, ScoringPolicy.Default),
            PolicyJudge.Fit(emergent, all, ScoringPolicy.Default),
            ScoringPolicy.Default with { PriorFSupports = 0.2, PriorFRefutes = 0.3 },
            ScoringPolicy.Default with { UngradedCalibration = new(CalibrationMethod.Platt, A: -3, B: -3, C: 2) },
            ScoringPolicy.Default with { UngradedCalibration = CalibrationMap.Identity },
        };
        Assert.NotEqual(ScoringPolicy.Default.PriorFSupports, refits[0].PriorFSupports);
        Assert.NotEqual(refits[2].UngradedCalibration.Apply(0.9), refits[3].UngradedCalibration.Apply(0.9));
        foreach (var (name, (evidence, _, _)) in Cases)
        {
            var before = ClaimScorer.Score(evidence, ScoringPolicy.Default);
            foreach (var refit in refits)
            {
                var after = ClaimScorer.Score(evidence, refit);
                Assert.True((before.Verdict, before.Probability, before.Credibility, before.Likelihood) == (after.Verdict, after.Probability, after.Credibility, after.Likelihood), name);
            }
        }
    }

    [Fact]
    public void A_graded_word_beside_ungraded_ones_keeps_the_evidence_probability()
    {
        // The calibration was learned where no graded source spoke; with one among the words it does not apply.
        var mixed = Claim([.. Sources, Source("outlet", Grade.F)], [Say(1, "outlet", Stance.Supports), Say(2, "b1", Stance.Supports)], parties: Parties);
        var absurd = ScoringPolicy.Default with { UngradedCalibration = new(CalibrationMethod.Platt, A: -3, B: -3, C: 2) };
        var a = ClaimScorer.Score(mixed, absurd);
        Assert.Equal(a.Decision["evidence_probability"], a.Probability);
        Assert.Equal(0, a.Decision["calibrated"]);
    }
}
