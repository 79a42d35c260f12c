using ClaimStatus.Scoring.Questions;
using static ClaimStatus.Scoring.Tests.Questions.QuestionBuild;

namespace ClaimStatus.Scoring.Tests.Questions;

/// <summary>Steps R1 to R4 of QUESTIONS.md, each with the evidence that needs it: the status the evidence alone gives,
/// the status after the step, and the step named in the assessment.</summary>
public sealed class ResolutionSpecificationTests
{
    private static readonly string[] Mh17 = ["buk", "su25"];
    private static readonly string[] Troops = ["few", "some", "many"];
    private static readonly string[] KurskRussia = ["kursk", "russia"];

    private sealed record Expect(string Claim, Verdict Evidence, Verdict Status, ResolutionStep? Step, string? CausedBy = null);

    private static readonly Dictionary<string, (LinkedEvidence Evidence, Expect[] Expected)> Cases = new()
    {
        ["R1: buk adjudicated TRUE denies its rival su25 despite two B supports"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [], [On("su25", "b1", Stance.Supports), On("su25", "b2", Stance.Supports)],
                facts: [new("buk", Adjudicated: Truth.True)]),
            [new("su25", Verdict.Confirmed, Verdict.Denied, ResolutionStep.AdjudicationOfRelated, "buk"), new("buk", Verdict.Denied, Verdict.Confirmed, null)]),
        ["R1: an adjudication counts only from its decision on"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [], [On("su25", "b1", Stance.Supports), On("su25", "b2", Stance.Supports)], asOfDay: 9,
                facts: [new("buk", Adjudicated: Truth.True, DecidedDay: 10)]),
            [new("su25", Verdict.Confirmed, Verdict.Confirmed, null)]),
        ["R1: su25 adjudicated FALSE in a closed question of two confirms buk"] = (
            Linked(Mh17, [Closed("mh17", Mh17)], [], [], facts: [new("su25", Adjudicated: Truth.False)]),
            [new("buk", Verdict.Unverified, Verdict.Confirmed, ResolutionStep.AdjudicationOfRelated, "su25")]),
        ["R1: su25 adjudicated FALSE in an open question says nothing of buk"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [], [], facts: [new("su25", Adjudicated: Truth.False)]),
            [new("buk", Verdict.Unverified, Verdict.Unverified, null)]),
        ["R1: two of three closed answers adjudicated FALSE confirm the third"] = (
            Linked(Troops, [Closed("troops", Troops)], [], [],
                facts: [new("few", Adjudicated: Truth.False, DecidedDay: 3), new("many", Adjudicated: Truth.False, DecidedDay: 4)]),
            [new("some", Verdict.Unverified, Verdict.Confirmed, ResolutionStep.AdjudicationOfRelated, "many")]),
        ["R1: kursk adjudicated TRUE confirms russia, which it implies"] = (
            Linked(KurskRussia, [], [Implies("kursk", "russia")], [], facts: [new("kursk", Adjudicated: Truth.True)]),
            [new("russia", Verdict.Unverified, Verdict.Confirmed, ResolutionStep.AdjudicationOfRelated, "kursk")]),
        ["R1: russia adjudicated FALSE denies kursk, which implies it"] = (
            Linked(KurskRussia, [], [Implies("kursk", "russia")], [], facts: [new("russia", Adjudicated: Truth.False)]),
            [new("kursk", Verdict.Unverified, Verdict.Denied, ResolutionStep.AdjudicationOfRelated, "russia")]),
        // russia's parties are ru and ua: the supports of p1 and p2 count a quarter there, and all its supporters are parties.
        ["R2: russia DENIED by evidence denies kursk, which the same supports leave open"] = (
            Linked(KurskRussia, [], [Implies("kursk", "russia")],
                [On("kursk", "p1", Stance.Supports), On("kursk", "p2", Stance.Supports), On("russia", "b3", Stance.Refutes)],
                facts: [new("russia", Parties: ["ru", "ua"])]),
            [new("russia", Verdict.Denied, Verdict.Denied, null), new("kursk", Verdict.Unverified, Verdict.Denied, ResolutionStep.ImpliedDenied, "russia")]),
        ["R3: kursk CONFIRMED by evidence confirms russia, where its supporters are parties"] = (
            Linked(KurskRussia, [], [Implies("kursk", "russia")], [On("kursk", "p1", Stance.Supports), On("kursk", "p2", Stance.Supports)],
                facts: [new("russia", Parties: ["ru", "ua"])]),
            [new("kursk", Verdict.Confirmed, Verdict.Confirmed, null), new("russia", Verdict.Unverified, Verdict.Confirmed, ResolutionStep.ImplicantConfirmed, "kursk")]),
        // Each alternative's supporters are parties of the other, so its borrowed refutations count a quarter: both reach 0.95.
        ["R4: of two CONFIRMED rivals only the one with the higher P stays CONFIRMED"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [],
                [On("buk", "r1", Stance.Supports), On("buk", "r2", Stance.Supports), On("buk", "r3", Stance.Supports),
                 On("su25", "u1", Stance.Supports), On("su25", "u2", Stance.Supports)],
                facts: [new("buk", Parties: ["ua1", "ua2"]), new("su25", Parties: ["ru1", "ru2", "ru3"])]),
            [new("buk", Verdict.Confirmed, Verdict.Confirmed, null), new("su25", Verdict.Confirmed, Verdict.Unverified, ResolutionStep.RivalLeads, "buk")]),
        ["R4: rivals that tie for the lead are neither CONFIRMED"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [],
                [On("buk", "r1", Stance.Supports), On("buk", "r2", Stance.Supports), On("su25", "u1", Stance.Supports), On("su25", "u2", Stance.Supports)],
                facts: [new("buk", Parties: ["ua1", "ua2"]), new("su25", Parties: ["ru1", "ru2"])]),
            [new("buk", Verdict.Confirmed, Verdict.Unverified, ResolutionStep.RivalLeads, "mh17"), new("su25", Verdict.Confirmed, Verdict.Unverified, ResolutionStep.RivalLeads, "mh17")]),
        // ukr-jet lends its supports to su25 (Q4) but no further: buk's evidence and ukr-jet's never meet, so both are CONFIRMED.
        ["R4: a claim that implies a demoted rival is demoted with it"] = (
            Linked(["buk", "su25", "ukr-jet"], [Open("mh17", Mh17)], [Implies("ukr-jet", "su25")],
                [On("buk", "r1", Stance.Supports), On("buk", "r2", Stance.Supports), On("buk", "r3", Stance.Supports),
                 On("ukr-jet", "u1", Stance.Supports), On("ukr-jet", "u2", Stance.Supports)],
                facts: [new("su25", Parties: ["ru1", "ru2", "ru3"])]),
            [new("buk", Verdict.Confirmed, Verdict.Confirmed, null), new("su25", Verdict.Confirmed, Verdict.Unverified, ResolutionStep.RivalLeads, "buk"),
             new("ukr-jet", Verdict.Confirmed, Verdict.Unverified, ResolutionStep.RivalLeads, "su25")]),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Resolution_keeps_the_invariants(string name)
    {
        var (evidence, expected) = Cases[name];
        var scored = ScoreAll(evidence);
        foreach (var e in expected)
        {
            var a = scored[e.Claim];
            var evidenceVerdict = a.Resolution?.EvidenceVerdict ?? (a.Adjudication is null ? a.Verdict : e.Evidence);
            Assert.True(e.Evidence == evidenceVerdict, $"{e.Claim}: the evidence alone should give {e.Evidence}, gave {evidenceVerdict}: {a.Reason}");
            Assert.True(e.Status == a.Verdict, $"{e.Claim}: expected {e.Status}, got {a.Verdict}: {a.Reason}");
            Assert.Equal(e.Step, a.Resolution?.Step);
            if (e.CausedBy is not null) Assert.Equal(e.CausedBy, a.Resolution!.CausedBy);
            if (e.Step is not null) Assert.StartsWith(a.Resolution!.Why, a.Reason);
        }
    }

    [Fact]
    public void A_resolved_status_takes_its_credibility_and_keeps_the_evidence_numbers()
    {
        var evidence = Linked(Mh17, [Open("mh17", Mh17)], [], [On("su25", "b1", Stance.Supports), On("su25", "b2", Stance.Supports)],
            facts: [new("buk", Adjudicated: Truth.True)]);
        var su25 = ScoreAll(evidence)["su25"];
        var unresolved = ScoreAll(evidence with { Claims = [.. evidence.Claims.Where(c => c.ClaimId == "su25")] })["su25"];
        Assert.Equal(5, su25.Credibility);
        Assert.Equal(unresolved.Probability, su25.Probability);
        Assert.Contains("'buk'", su25.Reason);
    }
}
