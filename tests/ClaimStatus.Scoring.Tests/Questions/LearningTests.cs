using ClaimStatus.Scoring.Questions;
using static ClaimStatus.Scoring.Tests.Build;
using static ClaimStatus.Scoring.Tests.Questions.QuestionBuild;

namespace ClaimStatus.Scoring.Tests.Questions;

/// <summary>Learned reliability across related claims (QUESTIONS.md, L1 to L3).</summary>
public sealed class LearningTests
{
    private static readonly ClaimGraph Mh17 = new([Open("mh17", "buk", "su25", "missile-other")], []);

    private static readonly Dictionary<string, AssertionEvidence[]> Said = new()
    {
        ["buk"] = [Say(1, "b1", Stance.Supports, day: 1), Say(2, "b3", Stance.Refutes, day: 1)],
        ["su25"] = [Say(3, "b2", Stance.Supports, day: 2), Say(4, "b3", Stance.Supports, day: 2), Say(5, "a1", Stance.Refutes, day: 2)],
        ["missile-other"] = [Say(6, "a2", Stance.Reports, day: 3)],
        ["alone"] = [Say(7, "a3", Stance.Supports, day: 1), Say(8, "b1", Stance.Refutes, day: 1)],
    };

    private static IEnumerable<AssertionEvidence> Of(string claim) => Said.GetValueOrDefault(claim) ?? [];

    private static AdjudicationEvidence Decided(Truth truth, double day) => new(1, truth, Day(day), null);

    [Fact]
    public void L1_a_rival_adjudicated_TRUE_teaches_the_sources_of_every_alternative()
    {
        var lessons = QuestionLearner.Lessons(Mh17, [("buk", Decided(Truth.True, 10))], Of);
        TrackRecord Of1(string source) => lessons.Where(l => l.SourceId == source).Aggregate(default(TrackRecord), (t, l) => t + l.Credit);
        Assert.Equal(new TrackRecord(1, 0, 0, 0, 0, 0), Of1("b1")); // backed buk: right
        Assert.Equal(new TrackRecord(0, 1, 0, 0, 0, 0), Of1("b2")); // backed su25, now false: wrong
        // b3 refuted buk (wrong) and backed su25 (wrong): one lesson per claim it spoke on.
        Assert.Equal(new TrackRecord(0, 1, 0, 1, 0, 0), Of1("b3"));
        Assert.Equal(new TrackRecord(0, 0, 1, 0, 0, 0), Of1("a1")); // refuted su25: right
        Assert.Equal(new TrackRecord(0, 0, 0, 0, 0, 1), Of1("a2")); // relayed a rumour now false
        Assert.All(lessons, l => Assert.Equal("buk", l.SettledBy));
    }

    [Fact]
    public void L1_a_claim_settled_twice_teaches_once_from_its_first_settling()
    {
        var lessons = QuestionLearner.Lessons(Mh17, [("su25", Decided(Truth.False, 12)), ("buk", Decided(Truth.True, 10))], Of);
        var b2 = Assert.Single(lessons, l => l.SourceId == "b2");
        Assert.Equal(new TrackRecord(0, 1, 0, 0, 0, 0), b2.Credit);
        Assert.Equal(Day(10), b2.DecidedAt);
        Assert.Equal("buk", b2.SettledBy);
    }

    [Fact]
    public void L2_an_open_question_FALSE_teaches_nothing_of_the_rivals()
    {
        var lessons = QuestionLearner.Lessons(Mh17, [("su25", Decided(Truth.False, 10))], Of);
        Assert.All(lessons, l => Assert.Equal("su25", l.ClaimId));
    }

    [Fact]
    public void L2_a_claim_alone_learns_exactly_as_today()
    {
        var lessons = QuestionLearner.Lessons(Mh17, [("alone", Decided(Truth.False, 10))], Of);
        var today = ReliabilityLearner.Credit(Of("alone"), Truth.False, Day(10));
        Assert.Equal(today, lessons.Select(l => (l.SourceId, l.Credit)).ToList());
        Assert.Equal(["alone"], QuestionLearner.LeaveOut(Mh17, "alone"));
    }

    [Fact]
    public void L3_no_leakage_a_claim_never_learns_from_its_own_group()
    {
        var lessons = QuestionLearner.Lessons(Mh17, [("buk", Decided(Truth.True, 10)), ("alone", Decided(Truth.True, 5))], Of);
        // Scoring su25 after buk's verdict: b2's wrong record from buk's TRUE would be su25's own answer, so it is left out;
        // what b1 learned from the unrelated claim stays.
        var leaveOut = QuestionLearner.LeaveOut(Mh17, "su25");
        Assert.Equal(["buk", "missile-other", "su25"], leaveOut);
        var tracks = QuestionLearner.TrackRecordsAsOf(lessons, Day(20), leaveOut);
        Assert.False(tracks.ContainsKey("b2"));
        Assert.Equal(new TrackRecord(0, 0, 0, 1, 0, 0), tracks["b1"]);
        // Scoring an unrelated claim, the group's lessons count, and only once decided (rule 8).
        Assert.Equal(new TrackRecord(0, 1, 0, 0, 0, 0), QuestionLearner.TrackRecordsAsOf(lessons, Day(20), QuestionLearner.LeaveOut(Mh17, "alone"))["b2"]);
        Assert.False(QuestionLearner.TrackRecordsAsOf(lessons, Day(10), ["alone"]).ContainsKey("b2"));
    }

    [Fact]
    public void L1_implications_teach_down_for_TRUE_and_up_for_FALSE()
    {
        var graph = new ClaimGraph([], [Implies("kursk", "russia")]);
        var said = new Dictionary<string, AssertionEvidence[]>
        {
            ["kursk"] = [Say(1, "b1", Stance.Supports)],
            ["russia"] = [Say(2, "b2", Stance.Refutes)],
        };
        var up = QuestionLearner.Lessons(graph, [("russia", Decided(Truth.False, 10))], c => said[c]);
        Assert.Equal(new TrackRecord(0, 1, 0, 0, 0, 0), Assert.Single(up, l => l.SourceId == "b1").Credit);
        var down = QuestionLearner.Lessons(graph, [("kursk", Decided(Truth.True, 10))], c => said[c]);
        Assert.Equal(new TrackRecord(0, 0, 0, 1, 0, 0), Assert.Single(down, l => l.SourceId == "b2").Credit);
    }
}
