using ClaimStatus.Scoring.Evaluation;
using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests;

public sealed class TrustTests
{
    private static readonly ScoringPolicy P = ScoringPolicy.Default;

    public static TheoryData<Grade, TrackRecord, double, double> Table => new()
    {
        // Without a record trust is the grade's prior; F (cannot be judged) has one prior per stance.
        { Grade.F, default, 0.60, 0.95 },
        { Grade.B, default, 0.90, 0.90 },
        { Grade.D, default, 0.40, 0.40 },
        // (right + w prior) / (right + wrong + w), per stance, w = 2.
        { Grade.F, new(3, 1, 0, 0, 0, 0), (3 + 1.2) / 6, 0.95 },
        { Grade.F, new(0, 0, 0, 4, 0, 0), 0.60, 1.9 / 6 },
        { Grade.C, new(1, 1, 1, 1, 0, 0), (1 + 1.6) / 4, (1 + 1.6) / 4 },
        // Reports teach nothing about supporting or refuting; trust is capped below certainty.
        { Grade.F, new(0, 0, 0, 0, 9, 9), 0.60, 0.95 },
        { Grade.A, new(50, 0, 50, 0, 0, 0), 0.95, 0.95 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Trust_blends_the_grade_prior_with_the_record_per_stance(Grade grade, TrackRecord record, double supports, double refutes)
    {
        var t = ReliabilityLearner.Trust(grade, record, P);
        Assert.Equal(supports, t.Supports, 12);
        Assert.Equal(refutes, t.Refutes, 12);
    }

    [Fact]
    public void Learned_records_come_only_from_other_claims_decided_before_the_time()
    {
        var scenario = new Scenario("t", [Source("x", Grade.F)], [new("c1", []), new("c2", [])],
            [new("c1", Say(1, "x", Stance.Supports, day: 1)), new("c1", Say(2, "x", Stance.Refutes, day: 6)), new("c2", Say(3, "x", Stance.Supports, day: 1))],
            [new("c1", new AdjudicationEvidence(1, Truth.True, Day(5), null))], []);
        var timeline = new Timeline(scenario);

        Assert.Empty(timeline.TrackRecordsAsOf("c2", Day(5)));                 // decided at T is not before T
        Assert.Equal(new TrackRecord(1, 0, 0, 0, 0, 0), timeline.TrackRecordsAsOf("c2", Day(5.1))["x"]); // only the word said by the decision
        Assert.Empty(timeline.TrackRecordsAsOf("c1", Day(9)));                 // never from the claim itself
        Assert.Null(new Timeline(scenario, new HashSet<string> { "c1" }).EvidenceAsOf("c1", Day(9)).Adjudication); // withheld
        Assert.NotNull(timeline.EvidenceAsOf("c1", Day(9)).Adjudication);
    }
}
