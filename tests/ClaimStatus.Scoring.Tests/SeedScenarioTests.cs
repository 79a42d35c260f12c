using ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Scoring.Tests;

/// <summary>The seed scenario's expectations, one row each: what a correct service answers.</summary>
public sealed class SeedScenarioTests
{
    private static readonly Scenario Nk = NkTroopsScenario.Build();

    public static TheoryData<string, string, Verdict> Expectations()
    {
        var data = new TheoryData<string, string, Verdict>();
        foreach (var e in Nk.Expectations) data.Add(e.ClaimId, e.AsOf.ToString("u", System.Globalization.CultureInfo.InvariantCulture), e.Status);
        return data;
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Status_as_of_matches_the_expectation(string claimId, string asOf, Verdict expected)
    {
        var at = DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);
        var assessment = ClaimScorer.Score(new Timeline(Nk).EvidenceAsOf(claimId, at), ScoringPolicy.Default);
        Assert.Equal(expected, assessment.Verdict);
    }

    [Fact]
    public void Confirmation_on_29_October_names_four_independent_groups_and_the_interested_denier()
    {
        var a = ClaimScorer.Score(new Timeline(Nk).EvidenceAsOf("nk-troops-in-russia", new(2024, 10, 29, 0, 0, 0, TimeSpan.Zero)), ScoringPolicy.Default);
        Assert.Equal((4, 1), (a.SupportingGroups, a.RefutingGroups));
        Assert.Equal(2, a.AssertionsSuperseded);
        Assert.True(Assert.Single(a.Contributions, c => c.Assertion.SourceId == "ru-gov").InterestedParty);
        Assert.Equal(1, a.Credibility);
        Assert.Contains("CONFIRMED", a.Reason);
    }

    [Fact]
    public void On_21_October_cannot_confirm_holds_the_claim_back()
    {
        var a = ClaimScorer.Score(new Timeline(Nk).EvidenceAsOf("nk-troops-in-russia", new(2024, 10, 21, 23, 59, 59, TimeSpan.Zero)), ScoringPolicy.Default);
        Assert.True(a.Decision["cannot_confirm_hold"] < 1);
        Assert.Contains("CANNOT_CONFIRM", a.Reason);
    }
}
