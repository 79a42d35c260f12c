using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests;

/// <summary>design.md's rules as tables: evidence in, expected status out (default policy).</summary>
public sealed class RuleTests
{
    private static readonly SourceProfile[] Reliable =
    [
        Source("us", Grade.B, "us-government"), Source("us2", Grade.B, "us-government"),
        Source("nato", Grade.B), Source("uk", Grade.B, "uk-government"), Source("ru", Grade.D, "ru-government"),
        Source("agency", Grade.B), Source("relay", Grade.C),
    ];

    private static readonly Dictionary<string, (ClaimEvidence Evidence, Verdict Expected)> Cases = new()
    {
        // Rule 1: as of T only what was observed by T counts.
        ["1. two independent supports, one said after as-of: one voice"] =
            (Claim(Reliable, [Say(1, "us", Stance.Supports, day: 1), Say(2, "nato", Stance.Supports, day: 40)]), Verdict.Unverified),
        ["1. the same, scored after both were said"] =
            (Claim(Reliable, [Say(1, "us", Stance.Supports, day: 1), Say(2, "nato", Stance.Supports, day: 40)], asOfDay: 41), Verdict.Confirmed),
        ["1. nothing said yet"] = (Claim(Reliable, []), Verdict.Unverified),

        // Rule 2: the latest word of a source wins.
        ["2. a source that retracts its denial no longer denies"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Refutes, day: 1), Say(2, "uk", Stance.Supports, day: 2), Say(3, "nato", Stance.Supports, day: 2)]), Verdict.Confirmed),
        ["2. a source that turns from support to denial"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports, day: 1), Say(2, "nato", Stance.Supports, day: 1), Say(3, "uk", Stance.Refutes, day: 3), Say(4, "nato", Stance.Refutes, day: 3)]), Verdict.Denied),

        // Rule 3: one group, or one relay, is one voice.
        ["3. two agencies of one government are one voice"] =
            (Claim(Reliable, [Say(1, "us", Stance.Supports), Say(2, "us2", Stance.Supports)]), Verdict.Unverified),
        ["3. two sources relayed through one outlet are one voice"] =
            (Claim(Reliable, [Say(1, "nato", Stance.Supports, via: "relay"), Say(2, "agency", Stance.Supports, via: "relay")]), Verdict.Unverified),
        ["3. the same two sources heard directly are independent"] =
            (Claim(Reliable, [Say(1, "nato", Stance.Supports), Say(2, "agency", Stance.Supports)]), Verdict.Confirmed),

        // Rule 4: one voice never confirms; one refutation may deny, as the refuter's record decides.
        ["4. one usually reliable source"] = (Claim(Reliable, [Say(1, "nato", Stance.Supports)]), Verdict.Unverified),
        ["4. one completely reliable source"] =
            (Claim([Source("a", Grade.A)], [Say(1, "a", Stance.Supports)]), Verdict.Unverified),
        ["4. a refuter proven right outweighs two outlets"] =
            (Claim(Outlets(4), [.. Supporters(2), Say(1, "outlet3", Stance.Refutes)],
                tracks: new Dictionary<string, TrackRecord> { ["outlet3"] = Refuter(6, 0) }), Verdict.Denied),
        // v6 departure (POLICY.md): against three outlets the same refuter leaves P at 0.204, just above DenyAt 0.20.
        ["4. against three outlets it holds the claim open"] =
            (Claim(Outlets(4), [.. Supporters(3), Say(1, "outlet3", Stance.Refutes)],
                tracks: new Dictionary<string, TrackRecord> { ["outlet3"] = Refuter(6, 0) }), Verdict.Unverified),
        ["4. a refuter proven wrong does not"] =
            (Claim(Outlets(4), [.. Supporters(3), Say(1, "outlet3", Stance.Refutes)],
                tracks: new Dictionary<string, TrackRecord> { ["outlet3"] = Refuter(0, 6) }), Verdict.Unverified),

        // Rule 5: repetition is not evidence.
        ["5. ten outlets relaying a rumour without endorsing it"] =
            (Claim(Outlets(10), Enumerable.Range(0, 10).Select(i => Say(i, $"outlet{i}", Stance.Reports))), Verdict.Unverified),

        // Rule 6: explicit non-confirmation by a reliable source holds back.
        ["6. two independent reliable supports"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "agency", Stance.Supports)]), Verdict.Confirmed),
        ["6. the same, while two independent reliable sources cannot confirm"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "agency", Stance.Supports), Say(3, "nato", Stance.CannotConfirm), Say(4, "us", Stance.CannotConfirm)]), Verdict.Unverified),

        // Rule 7: an interested party's word weighs less.
        ["7. two independent supports, one probable, from neutral sources"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "agency", Stance.Supports, Hedge.Probable)]), Verdict.Confirmed),
        ["7. the same, when the certain one is a party to the claim"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "agency", Stance.Supports, Hedge.Probable)], parties: ["uk-government"]), Verdict.Unverified),
        ["7. a party's denial against reliable independent support"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "agency", Stance.Supports), Say(3, "nato", Stance.Supports), Say(4, "ru", Stance.Refutes)],
                parties: ["ru-government"]), Verdict.Confirmed),

        // Rule 7, direction given: a party the claim would harm admits against interest when it supports.
        ["7. a harmed party's certain support beside one independent reliable support: an admission"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "nato", Stance.Supports)], parties: ["uk-government"], harmed: ["uk-government"]), Verdict.Confirmed),
        ["7. the same word from a party whose direction the claim does not say"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "nato", Stance.Supports)], parties: ["uk-government"]), Verdict.Unverified),
        ["7. the same word from a party not listed as harmed, while another party is"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports), Say(2, "nato", Stance.Supports)], parties: ["uk-government", "us-government"], harmed: ["us-government"]), Verdict.Unverified),
        ["7. a harmed party's denial against two independent reliable supports is self-serving"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Refutes), Say(2, "nato", Stance.Supports), Say(3, "agency", Stance.Supports)],
                parties: ["uk-government"], harmed: ["uk-government"]), Verdict.Confirmed),
        ["7. the same denial from a neutral source"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Refutes), Say(2, "nato", Stance.Supports), Say(3, "agency", Stance.Supports)]), Verdict.Unverified),

        // Hedges scale belief.
        ["hedge: two independent reliable supports, both only possible"] =
            (Claim(Reliable, [Say(1, "uk", Stance.Supports, Hedge.Possible), Say(2, "agency", Stance.Supports, Hedge.Possible)]), Verdict.Unverified),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Status_follows_from_the_evidence(string name)
    {
        var (evidence, expected) = Cases[name];
        Assert.Equal(expected, Score(evidence).Verdict);
    }

    [Fact]
    public void Reports_add_no_belief()
    {
        var plain = Score(Claim(Outlets(6), Supporters(2)));
        var repeated = Score(Claim(Outlets(6), [.. Supporters(2), .. Enumerable.Range(2, 4).Select(i => Say(i, $"outlet{i}", Stance.Reports))]));
        Assert.Equal(plain.Belief, repeated.Belief);
        Assert.Equal(plain.Disbelief, repeated.Disbelief);
        Assert.All(repeated.Contributions.Where(c => c.Assertion.Stance == Stance.Reports), c => Assert.Equal(0, c.BeliefShare));
    }

    [Fact]
    public void A_dependence_cluster_counts_as_its_strongest_member_not_the_sum()
    {
        var one = Score(Claim(Reliable, [Say(1, "us", Stance.Supports)]));
        var both = Score(Claim(Reliable, [Say(1, "us", Stance.Supports), Say(2, "us2", Stance.Supports, Hedge.Probable)]));
        Assert.Equal(one.Belief, both.Belief);
        Assert.Equal(1, both.SupportingGroups);
        Assert.Equal(["us-government", "us-government"], both.Contributions.Select(c => c.Group));
        Assert.Equal([1.0, 0.0], both.Contributions.Select(c => c.BeliefShare));
    }

    [Fact]
    public void Groups_chain_through_shared_members_and_relays_join_the_outlets_own_word()
    {
        var sources = new[] { Source("a", Grade.B, "g1"), Source("b", Grade.B, "g1", "g2"), Source("c", Grade.B, "g2"), Source("out", Grade.B), Source("d", Grade.B) };
        var chained = Score(Claim(sources, [Say(1, "a", Stance.Supports), Say(2, "b", Stance.Supports), Say(3, "c", Stance.Supports)]));
        Assert.Equal(1, chained.SupportingGroups);
        var relayed = Score(Claim(sources, [Say(1, "out", Stance.Supports), Say(2, "d", Stance.Supports, via: "out")]));
        Assert.Equal(1, relayed.SupportingGroups);
    }

    [Fact]
    public void Superseded_assertions_are_shown_with_weight_zero()
    {
        var a = Score(Claim(Reliable, [Say(1, "uk", Stance.Supports, day: 1), Say(2, "uk", Stance.Refutes, day: 2)]));
        var old = Assert.Single(a.Contributions, c => c.Superseded);
        Assert.Equal(1, old.Assertion.Id);
        Assert.Equal(0, old.Weight);
        Assert.Equal((1, 1), (a.AssertionsUsed, a.AssertionsSuperseded));
    }

    [Fact]
    public void On_equal_times_the_later_stored_assertion_wins()
    {
        var a = Score(Claim(Reliable, [Say(7, "uk", Stance.Refutes, day: 2), Say(3, "uk", Stance.Supports, day: 2)]));
        Assert.Equal(3, Assert.Single(a.Contributions, c => c.Superseded).Assertion.Id);
    }

    [Fact]
    public void Interested_party_is_flagged_and_discounted()
    {
        var neutral = Score(Claim(Reliable, [Say(1, "ru", Stance.Refutes)]));
        var party = Score(Claim(Reliable, [Say(1, "ru", Stance.Refutes)], parties: ["ru-government"]));
        Assert.True(party.Contributions[0].InterestedParty);
        Assert.False(neutral.Contributions[0].InterestedParty);
        Assert.Equal(neutral.Contributions[0].Weight * ScoringPolicy.Default.InterestedPartyFactor, party.Contributions[0].Weight, 12);
    }

    [Fact]
    public void Admission_against_interest_is_flagged_boosted_and_capped()
    {
        var neutral = Score(Claim(Reliable, [Say(1, "ru", Stance.Supports)]));
        var admits = Score(Claim(Reliable, [Say(1, "ru", Stance.Supports)], parties: ["ru-government"], harmed: ["ru-government"]));
        var c = admits.Contributions[0];
        Assert.True(c.InterestedParty && c.Admission);
        Assert.False(neutral.Contributions[0].Admission);
        Assert.Equal(neutral.Contributions[0].Weight * ScoringPolicy.Default.AdmissionFactor, c.Weight, 12);
        Assert.Contains("admission against interest x1.50", c.Why, StringComparison.Ordinal);
        Assert.DoesNotContain("interested party", c.Why, StringComparison.Ordinal);

        // A B's .90 would be 1.35: capped like every opinion.
        var reliable = Score(Claim(Reliable, [Say(1, "uk", Stance.Supports)], parties: ["uk-government"], harmed: ["uk-government"]));
        Assert.Equal(ScoringPolicy.Default.MaxTrust, reliable.Contributions[0].Weight, 12);
    }

    [Fact]
    public void A_harmed_party_refuting_or_holding_back_is_discounted_as_self_serving()
    {
        foreach (var stance in new[] { Stance.Refutes, Stance.CannotConfirm })
        {
            var unknown = Score(Claim(Reliable, [Say(1, "ru", stance)], parties: ["ru-government"]));
            var harmed = Score(Claim(Reliable, [Say(1, "ru", stance)], parties: ["ru-government"], harmed: ["ru-government"]));
            Assert.False(harmed.Contributions[0].Admission);
            Assert.True(harmed.Contributions[0].InterestedParty);
            Assert.Equal(unknown.Contributions[0].Weight, harmed.Contributions[0].Weight, 12);
            Assert.Contains("interested party x0.25", harmed.Contributions[0].Why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_source_also_in_a_party_of_unknown_direction_does_not_admit()
    {
        SourceProfile[] joint = [Source("joint", Grade.C, "uk-government", "us-government")];
        var both = Score(Claim(joint, [Say(1, "joint", Stance.Supports)], parties: ["uk-government", "us-government"], harmed: ["uk-government", "us-government"]));
        var one = Score(Claim(joint, [Say(1, "joint", Stance.Supports)], parties: ["uk-government", "us-government"], harmed: ["us-government"]));
        Assert.True(both.Contributions[0].Admission);
        Assert.False(one.Contributions[0].Admission);
        Assert.Equal(0.8 * ScoringPolicy.Default.InterestedPartyFactor, one.Contributions[0].Weight, 12);
    }

    [Fact]
    public void A_harmed_party_that_is_not_a_party_of_the_claim_is_ignored()
    {
        var a = Score(Claim(Reliable, [Say(1, "ru", Stance.Supports)], harmed: ["ru-government"]));
        Assert.False(a.Contributions[0].Admission || a.Contributions[0].InterestedParty);
        Assert.Equal(0.4, a.Contributions[0].Weight, 12);
    }

    [Fact]
    public void Hedges_order_belief_certain_over_probable_over_possible()
    {
        var beliefs = new[] { Hedge.Certain, Hedge.Probable, Hedge.Possible }
            .Select(h => Score(Claim(Reliable, [Say(1, "nato", Stance.Supports, h)])).Belief).ToList();
        Assert.True(beliefs[0] > beliefs[1] && beliefs[1] > beliefs[2], string.Join(", ", beliefs));
    }
}
