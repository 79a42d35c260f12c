using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests;

public sealed class AssessmentTests
{
    private static readonly SourceProfile[] Sources = [Source("a", Grade.B), Source("b", Grade.B), Source("c", Grade.C), Source("d", Grade.D)];

    private static ClaimEvidence Confirmable(AdjudicationEvidence? adjudication = null, double asOfDay = 30) =>
        Claim(Sources, [Say(1, "a", Stance.Supports), Say(2, "b", Stance.Supports), Say(3, "c", Stance.Reports)],
            adjudication: adjudication, asOfDay: asOfDay);

    public static TheoryData<Truth, double, Verdict> Adjudications => new()
    {
        { Truth.False, 10, Verdict.Denied },
        { Truth.True, 10, Verdict.Confirmed },
        { Truth.False, 31, Verdict.Confirmed }, // decided after the as-of time: not yet known
    };

    [Theory]
    [MemberData(nameof(Adjudications))]
    public void An_adjudication_fixes_the_status_but_keeps_the_evidence_numbers(Truth truth, double decidedDay, Verdict expected)
    {
        var plain = Score(Confirmable());
        Assert.Equal(Verdict.Confirmed, plain.Verdict);
        var judged = Score(Confirmable(new AdjudicationEvidence(1, truth, Day(decidedDay), "analyst")));
        Assert.Equal(expected, judged.Verdict);
        Assert.Equal(plain.Probability, judged.Probability);
        Assert.Equal(plain.Belief, judged.Belief);
        Assert.Equal(decidedDay <= 30, judged.Adjudication is not null);
    }

    [Fact]
    public void Same_inputs_give_the_same_answer()
    {
        var first = Score(Confirmable());
        var second = Score(Confirmable());
        Assert.Equal(first.Reason, second.Reason);
        Assert.Equal((first.Verdict, first.Probability, first.Belief, first.Disbelief, first.Uncertainty),
            (second.Verdict, second.Probability, second.Belief, second.Disbelief, second.Uncertainty));
        Assert.Equal(first.Contributions.Select(c => (c.Weight, c.BeliefShare, c.Why)), second.Contributions.Select(c => (c.Weight, c.BeliefShare, c.Why)));
        Assert.Equal(first.Decision.OrderBy(kv => kv.Key), second.Decision.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Input_order_does_not_change_the_answer()
    {
        var e = Confirmable();
        var reversed = e with { Assertions = e.Assertions.Reverse().ToList() };
        var (x, y) = (Score(e), Score(reversed));
        Assert.Equal(x.Verdict, y.Verdict);
        Assert.Equal(x.Probability, y.Probability, 12);
    }

    [Fact]
    public void Every_number_is_explained()
    {
        var e = Confirmable();
        var a = Score(e with { Assertions = [.. e.Assertions, Say(4, "d", Stance.Refutes), Say(5, "c", Stance.CannotConfirm, day: 2)] });
        Assert.Equal((ScoringPolicy.Default.Name, ScoringPolicy.Default.Version), (a.PolicyName, a.PolicyVersion));
        Assert.All(a.Contributions, c => Assert.False(string.IsNullOrWhiteSpace(c.Why)));
        Assert.All(a.Contributions, c => Assert.False(string.IsNullOrWhiteSpace(c.Group)));
        Assert.Equal(1.0, a.Contributions.Sum(c => c.BeliefShare), 12);
        Assert.Equal(1.0, a.Contributions.Sum(c => c.DisbeliefShare), 12);
        Assert.Equal(1.0, a.Belief + a.Disbelief + a.Uncertainty, 12);
        Assert.Equal(a.Belief + ScoringPolicy.Default.BaseRate * a.Uncertainty, a.Probability, 12);
        Assert.Contains("confirm_score", a.Decision.Keys);
        Assert.Contains("min_supporting_groups", a.Decision.Keys);
    }

    public static TheoryData<double, string> Likelihoods => new()
    {
        { 0.01, "almost no chance" }, { 0.10, "very unlikely" }, { 0.30, "unlikely" }, { 0.50, "roughly even chance" },
        { 0.70, "likely" }, { 0.90, "very likely" }, { 0.97, "almost certain" },
    };

    [Theory]
    [MemberData(nameof(Likelihoods))]
    public void Probability_reads_in_ICD_203_words(double p, string words) => Assert.Equal(words, Explanation.Likelihood(p));

    public static TheoryData<Verdict, double, int, int> Credibilities => new()
    {
        { Verdict.Confirmed, 0.9, 5, 1 }, { Verdict.Unverified, 0.8, 5, 2 }, { Verdict.Unverified, 0.6, 5, 3 },
        { Verdict.Unverified, 0.3, 5, 4 }, { Verdict.Denied, 0.1, 5, 5 }, { Verdict.Unverified, 0.5, 0, 6 },
    };

    [Theory]
    [MemberData(nameof(Credibilities))]
    public void Status_reads_as_Admiralty_credibility(Verdict v, double p, int used, int expected) =>
        Assert.Equal(expected, Explanation.Credibility(v, p, used, ScoringPolicy.Default));
}
