using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests;

/// <summary>Cases derived from design.md's rules and the Admiralty words, written by us (not data): each
/// names the rule it checks. Where the policy answers otherwise than a first reading of the rules would
/// (a lone ungraded refutation is DENIED, by the ungraded refutes prior) POLICY.md says so and why.</summary>
public sealed class SpecificationTests
{
    private static readonly SourceProfile[] Graded =
    [
        Source("a1", Grade.A, "ga"), Source("b1", Grade.B, "gb"), Source("b2", Grade.B), Source("b3", Grade.B),
        Source("c1", Grade.C), Source("c2", Grade.C), Source("c3", Grade.C), Source("e1", Grade.E), Source("e2", Grade.E),
        Source("f1", Grade.F), Source("f2", Grade.F), Source("f3", Grade.F),
    ];

    private static IEnumerable<AssertionEvidence> All(Stance stance, params string[] sources) =>
        sources.Select((s, i) => Say(i + 1, s, stance));

    private static readonly Dictionary<string, (ClaimEvidence Evidence, Verdict Expected)> Cases = new()
    {
        ["rule 5: one report carries no belief and, with no record, no doubt"] = (Claim(Graded, All(Stance.Reports, "c1")), Verdict.Unverified),
        ["rule 5: three reports, no record"] = (Claim(Graded, All(Stance.Reports, "c1", "c2", "c3")), Verdict.Unverified),
        ["rule 6: one CANNOT_CONFIRM adds uncertainty, it is not a denial"] = (Claim(Graded, All(Stance.CannotConfirm, "b1")), Verdict.Unverified),
        ["rule 6: three B support while an A cannot confirm"] =
            (Claim(Graded, [.. All(Stance.Supports, "b1", "b2", "b3"), Say(4, "a1", Stance.CannotConfirm)]), Verdict.Confirmed),
        ["admiralty: two independent B confirm"] = (Claim(Graded, All(Stance.Supports, "b1", "b2")), Verdict.Confirmed),
        ["admiralty: an A and a B confirm"] = (Claim(Graded, All(Stance.Supports, "a1", "b2")), Verdict.Confirmed),
        ["admiralty: three independent C confirm"] = (Claim(Graded, All(Stance.Supports, "c1", "c2", "c3")), Verdict.Confirmed),
        ["two unreliable E do not confirm"] = (Claim(Graded, All(Stance.Supports, "e1", "e2")), Verdict.Unverified),
        ["three ungraded F with no record do not confirm"] = (Claim(Graded, All(Stance.Supports, "f1", "f2", "f3")), Verdict.Unverified),
        ["two independent B refute"] = (Claim(Graded, All(Stance.Refutes, "b1", "b2")), Verdict.Denied),
        ["one A refutes"] = (Claim(Graded, All(Stance.Refutes, "a1")), Verdict.Denied),
        ["rule 4: one B support against one independent B refutation is contested"] =
            (Claim(Graded, [Say(1, "b2", Stance.Supports), Say(2, "b3", Stance.Refutes)]), Verdict.Unverified),
        ["rule 4: refutations are worth what their refuter's record says"] =
            (Claim(Graded, [Say(1, "b2", Stance.Supports), Say(2, "f1", Stance.Refutes)], tracks: new Dictionary<string, TrackRecord>
                { ["f1"] = new(0, 0, 0, 4, 0, 0) }), Verdict.Unverified),
        ["rule 5: reporters whose relayed rumours proved false add doubt"] =
            (Claim(Graded, All(Stance.Reports, "f1", "f2"), tracks: new Dictionary<string, TrackRecord>
                { ["f1"] = new(0, 0, 0, 0, 0, 6), ["f2"] = new(0, 0, 0, 0, 0, 6) }), Verdict.Denied),
        ["rule 5: reporters whose relayed rumours proved true add nothing"] =
            (Claim(Graded, All(Stance.Reports, "f1", "f2"), tracks: new Dictionary<string, TrackRecord>
                { ["f1"] = new(0, 0, 0, 0, 6, 0), ["f2"] = new(0, 0, 0, 0, 6, 0) }), Verdict.Unverified),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Status_follows_from_the_rules(string name)
    {
        var (evidence, expected) = Cases[name];
        Assert.Equal(expected, Score(evidence).Verdict);
    }

    [Fact]
    public void Equal_support_and_refutation_never_deny()
    {
        // The thresholds are even-handed: equal support and refutation is P 0.5; the asymmetry of rule 4 lives in the trust.
        foreach (var grade in (Grade[])[Grade.A, Grade.B, Grade.C, Grade.D, Grade.E])
        {
            var sources = new[] { Source("s", grade), Source("r", grade) };
            var a = Score(Claim(sources, [Say(1, "s", Stance.Supports), Say(2, "r", Stance.Refutes)]));
            Assert.Equal(Verdict.Unverified, a.Verdict);
            Assert.Equal(0.5, a.Probability, 12);
        }
    }

    [Fact]
    public void Silence_and_a_lone_report_are_unverified_so_denial_needs_evidence()
    {
        var a = Score(Claim(Graded, All(Stance.Reports, "c1")));
        Assert.True(a.Decision["deny_score"] < 0, a.Reason);
        Assert.Equal(0, a.Decision["doubt_evidence"]);
        Assert.Equal(Verdict.Unverified, Score(Claim(Graded, [])).Verdict);
    }

    [Fact]
    public void A_reporter_with_a_record_of_false_rumours_is_explained_as_doubt()
    {
        var a = Score(Claim(Graded, All(Stance.Reports, "f1"), tracks: new Dictionary<string, TrackRecord> { ["f1"] = new(0, 0, 0, 0, 1, 5) }));
        var report = Assert.Single(a.Contributions);
        // (5 false - 1 true) / (6 + w 2): the doubt of its word.
        Assert.Equal(0.5, report.Weight, 12);
        Assert.Equal(0, report.BeliefShare);
        Assert.Contains("5 of its 6", report.Why);
        Assert.Equal(Fusion.Evidence(0.5, ScoringPolicy.Default), a.Decision["doubt_evidence"], 12);
        Assert.Contains("false rumours", a.Reason);
    }
}
