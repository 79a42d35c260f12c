using ClaimStatus.Scoring.Questions;
using static ClaimStatus.Scoring.Tests.Questions.QuestionBuild;

namespace ClaimStatus.Scoring.Tests.Questions;

/// <summary>Rules Q1 to Q5 of QUESTIONS.md: how evidence flows between related claims, one table row per rule and its
/// contrast. Statuses before resolution steps matter here, so each row's expected statuses are the evidence's own (no
/// row needs a resolution step; ResolutionSpecificationTests has those).</summary>
public sealed class FlowSpecificationTests
{
    private static readonly string[] Mh17 = ["buk", "su25"];
    private static readonly string[] Troops = ["few", "some", "many"];

    private static readonly Dictionary<string, (LinkedEvidence Evidence, (string Claim, Verdict Status)[] Expected)> Cases = new()
    {
        ["no question: two B supports of su25 say nothing of buk"] = (
            Linked(Mh17, [], [], [On("su25", "b1", Stance.Supports), On("su25", "b2", Stance.Supports)]),
            [("su25", Verdict.Confirmed), ("buk", Verdict.Unverified)]),
        ["Q1: two independent B supports of rival su25 are two refutations of buk"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [], [On("su25", "b1", Stance.Supports), On("su25", "b2", Stance.Supports)]),
            [("su25", Verdict.Confirmed), ("buk", Verdict.Denied)]),
        ["Q1: latest word across the question: b1 backed su25, then buk, so buk has two supports and su25 none"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [],
                [On("su25", "b1", Stance.Supports, day: 1), On("buk", "b1", Stance.Supports, day: 5), On("buk", "b2", Stance.Supports, day: 5)]),
            [("buk", Verdict.Confirmed), ("su25", Verdict.Denied)]),
        ["Q1: an open question passes no refutation on: two B refute su25, buk stays open"] = (
            Linked(Mh17, [Open("mh17", Mh17)], [], [On("su25", "b1", Stance.Refutes), On("su25", "b2", Stance.Refutes)]),
            [("su25", Verdict.Denied), ("buk", Verdict.Unverified)]),
        ["Q2: in a closed question of two, two B refutations of su25 confirm buk"] = (
            Linked(Mh17, [Closed("mh17", Mh17)], [], [On("su25", "b1", Stance.Refutes), On("su25", "b2", Stance.Refutes)]),
            [("su25", Verdict.Denied), ("buk", Verdict.Confirmed)]),
        ["Q2: negates is a closed question of two, declared on either claim"] = (
            Linked(Mh17, [], [Negates("buk", "su25")], [On("su25", "b1", Stance.Refutes), On("su25", "b2", Stance.Refutes)]),
            [("su25", Verdict.Denied), ("buk", Verdict.Confirmed)]),
        ["Q3: in a closed question of three, the same two refutations of few give some and many half a belief each: open"] = (
            Linked(Troops, [Closed("troops", Troops)], [], [On("few", "b1", Stance.Refutes), On("few", "b2", Stance.Refutes)]),
            [("few", Verdict.Denied), ("some", Verdict.Unverified), ("many", Verdict.Unverified)]),
        ["Q4: two B supports of kursk (which implies russia) confirm russia"] = (
            Linked(["kursk", "russia"], [], [Implies("kursk", "russia")], [On("kursk", "b1", Stance.Supports), On("kursk", "b2", Stance.Supports)]),
            [("kursk", Verdict.Confirmed), ("russia", Verdict.Confirmed)]),
        ["Q4: support does not flow up: two B supports of russia leave kursk open"] = (
            Linked(["kursk", "russia"], [], [Implies("kursk", "russia")], [On("russia", "b1", Stance.Supports), On("russia", "b2", Stance.Supports)]),
            [("kursk", Verdict.Unverified), ("russia", Verdict.Confirmed)]),
        ["Q5: a B refutation of russia refutes kursk"] = (
            Linked(["kursk", "russia"], [], [Implies("kursk", "russia")], [On("russia", "b1", Stance.Refutes)]),
            [("kursk", Verdict.Denied), ("russia", Verdict.Denied)]),
        ["Q5: refutation does not flow down: a B refutation of kursk leaves russia open"] = (
            Linked(["kursk", "russia"], [], [Implies("kursk", "russia")], [On("kursk", "b1", Stance.Refutes)]),
            [("kursk", Verdict.Denied), ("russia", Verdict.Unverified)]),
        ["Q4: implication is transitive: support of kursk reaches a claim russia implies"] = (
            Linked(["kursk", "russia", "abroad"], [], [Implies("kursk", "russia"), Implies("russia", "abroad")],
                [On("kursk", "b1", Stance.Supports), On("kursk", "b2", Stance.Supports)]),
            [("abroad", Verdict.Confirmed)]),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Evidence_flows_by_the_rules(string name)
    {
        var (evidence, expected) = Cases[name];
        var scored = ScoreAll(evidence);
        foreach (var (claim, status) in expected)
        {
            Assert.True(status == scored[claim].Verdict, $"{claim}: expected {status}, got {scored[claim].Verdict}: {scored[claim].Reason}");
            Assert.Null(scored[claim].Resolution);
        }
    }

    [Fact]
    public void Q1_a_rival_support_keeps_its_source_trust_hedge_and_group()
    {
        // f1 and f2 share a group: their supports of su25 are one refuting group of buk, as they are one supporting group of su25.
        var scored = ScoreAll(Linked(Mh17, [Open("mh17", Mh17)], [],
            [On("su25", "f1", Stance.Supports, hedge: Hedge.Probable), On("su25", "f2", Stance.Supports, hedge: Hedge.Probable)]));
        var buk = scored["buk"];
        Assert.Equal(1, buk.RefutingGroups);
        Assert.Equal(scored["su25"].SupportingGroups, buk.RefutingGroups);
        var line = buk.Contributions.First(c => c.Weight > 0);
        // The supports trust of an ungraded source, .60 (not its refutes trust, .95), x hedge .7: as the word weighs on su25.
        Assert.Equal(0.6 * 0.7, line.Disbelief, 12);
        Assert.Equal(scored["su25"].Contributions.Max(c => c.Belief), line.Disbelief, 12);
    }

    [Fact]
    public void Q3_the_refutation_belief_is_shared_evenly_by_the_remaining_alternatives()
    {
        var scored = ScoreAll(Linked(Troops, [Closed("troops", Troops)], [], [On("few", "b1", Stance.Refutes)]));
        foreach (var claim in (string[])["some", "many"])
        {
            var line = Assert.Single(scored[claim].Contributions);
            Assert.Equal(0.5, line.Borrowed!.Factor);
            Assert.Equal(Lending.RivalRefutesSpread, line.Borrowed.Lending);
            // Refutes trust .90 of grade B, halved over the two remaining answers.
            Assert.Equal(0.45, line.Belief, 12);
        }
    }

    [Fact]
    public void Borrowed_evidence_is_explained_on_its_own_lines_with_source_rival_and_weight()
    {
        var scored = ScoreAll(Linked(Mh17, [Open("mh17", Mh17)], [],
            [On("buk", "a1", Stance.Supports), On("su25", "b1", Stance.Supports), On("su25", "b2", Stance.Supports, day: 1),
             On("buk", "b2", Stance.Supports, day: 4)]));
        var buk = scored["buk"];
        var own = Assert.Single(buk.Contributions, c => c.Borrowed is null && c.Assertion.SourceId == "a1");
        Assert.DoesNotContain("Borrowed", own.Why);
        var lent = Assert.Single(buk.Contributions, c => c.Borrowed is not null && c.Assertion.SourceId == "b1");
        Assert.Equal("su25", lent.Borrowed!.FromClaimId);
        Assert.Equal(Lending.RivalSupports, lent.Borrowed.Lending);
        Assert.Equal(Stance.Refutes, lent.Borrowed.CountsAs);
        Assert.Equal(Stance.Supports, lent.Assertion.Stance);
        Assert.Equal(0.9, lent.Weight, 12);
        Assert.StartsWith("Borrowed: source b1 supports rival 'su25' → counts against this claim (Q1). ", lent.Why);
        Assert.Contains("disbelief 0.90", lent.Why);
        // b2 backed su25 on day 1 and buk on day 4: its borrowed line is shown, superseded, with weight 0.
        var changed = Assert.Single(buk.Contributions, c => c.Borrowed is not null && c.Assertion.SourceId == "b2");
        Assert.True(changed.Superseded);
        Assert.Equal(0, changed.Weight);
        Assert.Contains("Superseded by the source's later assertion", changed.Why);
    }

    [Fact]
    public void A_claim_in_no_question_scores_exactly_as_alone()
    {
        var evidence = Linked(["alone", "buk", "su25"], [Open("mh17", Mh17)], [],
            [On("alone", "b1", Stance.Supports), On("alone", "a1", Stance.Refutes, day: 2), On("alone", "b1", Stance.CannotConfirm, day: 3),
             On("su25", "b1", Stance.Supports), On("alone", "g1", Stance.Supports)]);
        var together = ScoreAll(evidence)["alone"];
        var alone = ClaimScorer.Score(evidence.Claims[0], ScoringPolicy.Default);
        Assert.Equal(alone.Verdict, together.Verdict);
        Assert.Equal(alone.Probability, together.Probability);
        Assert.Equal(alone.Reason, together.Reason);
        Assert.Equal(alone.Contributions.Select(c => c.Why), together.Contributions.Select(c => c.Why));
        Assert.Equal(alone.Decision, together.Decision);
    }

    [Fact]
    public void Random_claims_in_no_question_score_exactly_as_alone()
    {
        var synthetic = new ClaimStatus.Scoring.Batch.SyntheticClaims(11);
        foreach (var claim in synthetic.Claims(300, 0, 30))
        {
            var rival = claim with { ClaimId = "rival", Assertions = [.. claim.Assertions.Select(a => a with { Id = a.Id + 1_000_000 })] };
            var together = QuestionScorer.Score(new([claim, rival], [Open("other", "rival", "third")], [Implies("rival", "fourth")]), ScoringPolicy.Default)[0];
            var alone = ClaimScorer.Score(claim, ScoringPolicy.Default);
            Assert.Equal(alone with { Contributions = [], Decision = null! }, together with { Contributions = [], Decision = null! });
            Assert.Equal(alone.Contributions, together.Contributions);
            Assert.Equal(alone.Decision, together.Decision);
        }
    }
}
