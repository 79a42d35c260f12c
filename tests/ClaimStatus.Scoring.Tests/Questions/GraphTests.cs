using ClaimStatus.Scoring.Questions;
using static ClaimStatus.Scoring.Tests.Questions.QuestionBuild;

namespace ClaimStatus.Scoring.Tests.Questions;

/// <summary>Cycles of implies (the API refuses them naming the claims), the linked group, and the question summary.</summary>
public sealed class GraphTests
{
    public static TheoryData<string, string[]> Cycles => new()
    {
        { "", [] },
        { "a>b b>c", [] },
        { "a>b b>c c>a", ["a", "b", "c"] },
        { "x>y b>c c>b a>b", ["b", "c"] },
        { "a>a", ["a"] },
        { "a>b a>c c>d d>c", ["c", "d"] },
        { "a>b b>c c>d d>b", ["b", "c", "d"] },
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public void An_implies_cycle_is_found_with_its_claims_in_order(string edges, string[] cycle)
    {
        var relations = edges.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('>')).Select(e => Implies(e[0], e[1])).ToList();
        // A negation both ways is no cycle of implies.
        relations.Add(Negates("a", "z"));
        relations.Add(Negates("z", "a"));
        Assert.Equal(cycle, ClaimGraph.FindImpliesCycle(relations));
    }

    [Fact]
    public void The_linked_group_follows_questions_negations_and_implications()
    {
        var graph = new ClaimGraph([Open("q", "buk", "su25")], [Implies("ukr-jet", "su25"), Negates("buk", "not-buk"), Implies("x", "y")]);
        Assert.Equal(["buk", "not-buk", "su25", "ukr-jet"], graph.Component("ukr-jet"));
        Assert.Equal(["x", "y"], graph.Component("y"));
        Assert.Equal(["alone"], graph.Component("alone"));
        Assert.False(graph.IsLinked("alone"));
    }

    private static ClaimAssessment Assessed(string id, Verdict verdict, double p) =>
        Build.Score(Build.Claim([], [])) with { ClaimId = id, Verdict = verdict, Probability = p };

    public static TheoryData<string, string?, double> Summaries => new()
    {
        { "a:U:.6 b:U:.3 c:U:.1", "a", 0.3 },
        { "a:U:.6 b:C:.97 c:D:.1", "b", 0.37 },
        // A CONFIRMED alternative leads even below a rival's P (an adjudication or R3 confirmed it).
        { "a:U:.9 b:C:.8", "b", -0.1 },
        { "a:U:.5 b:U:.5", null, 0 },
        { "a:U:.7", "a", 0.7 },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void The_summary_names_the_leading_alternative_and_its_margin(string alternatives, string? leading, double margin)
    {
        var assessed = alternatives.Split(' ').Select(x => x.Split(':')).Select(x => Assessed(x[0],
            x[1] == "C" ? Verdict.Confirmed : x[1] == "D" ? Verdict.Denied : Verdict.Unverified, double.Parse(x[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var question = Open("q", [.. assessed.Select(a => a.ClaimId), "never-assessed"]);
        var summary = QuestionSummary.Of(question, assessed, Build.Day(30));
        Assert.Equal(leading, summary.Leading);
        Assert.Equal(margin, summary.Margin, 12);
        Assert.Equal(assessed.Select(a => a.ClaimId), summary.Alternatives.Select(a => a.ClaimId));
    }
}

/// <summary>The problems the API layer refuses questions and relations for.</summary>
public sealed class GraphProblemTests
{
    [Fact]
    public void Each_problem_names_its_claims()
    {
        var problems = GraphProblems.Of(
            [Open("q1", "buk", "su25"), Closed("q2", "su25", "other")],
            [Implies("a", "a"), Implies("x", "y"), Implies("y", "x"), Implies("buk", "su25"), Negates("n", "n"), Implies("kursk", "russia")]);
        Assert.Equal(
            [(GraphProblemKind.RelationToItself, "a"), (GraphProblemKind.RelationToItself, "n"), (GraphProblemKind.InTwoQuestions, "su25"),
             (GraphProblemKind.ImpliesCycle, "x,y"), (GraphProblemKind.ImpliesRival, "buk,su25")],
            problems.Select(p => (p.Kind, string.Join(",", p.Claims))));
        Assert.Empty(GraphProblems.Of([Open("q", "buk", "su25")], [Implies("kursk", "russia"), Negates("buk", "not-buk")]));
    }
}

/// <summary>What adjudications settle (R1), and the contradictions the API must refuse.</summary>
public sealed class ConsequenceTests
{
    private static readonly ClaimGraph Graph = new([Closed("troops", "few", "some", "many")], [Implies("kursk", "many")]);

    [Fact]
    public void A_TRUE_settles_rivals_and_what_it_implies_and_a_FALSE_what_implies_it()
    {
        var truths = Consequences.Of(Graph, [("kursk", Truth.True)]);
        Assert.Equal(Truth.True, truths["many"].Truth);
        Assert.Equal(Truth.False, truths["few"].Truth);
        Assert.Equal("kursk", truths["few"].Root);
        var up = Consequences.Of(Graph, [("many", Truth.False)]);
        Assert.Equal(Truth.False, up["kursk"].Truth);
        Assert.False(up.ContainsKey("few"));
    }

    [Fact]
    public void Contradicting_adjudications_are_reported_and_the_earlier_stands()
    {
        var conflicts = new List<string>();
        var truths = Consequences.Of(Graph, [("few", Truth.True), ("kursk", Truth.True)], conflicts);
        Assert.Equal(Truth.True, truths["few"].Truth);
        Assert.Equal(Truth.False, truths["kursk"].Truth);
        Assert.Contains("kursk", conflicts);
        conflicts.Clear();
        Consequences.Of(Graph, [("few", Truth.False), ("some", Truth.False), ("many", Truth.False)], conflicts);
        Assert.NotEmpty(conflicts);
    }

    [Fact]
    public void Related_claims_are_scored_as_of_one_time()
    {
        var evidence = Linked(["buk", "su25"], [Open("q", "buk", "su25")], [], []);
        var skewed = evidence with { Claims = [evidence.Claims[0], evidence.Claims[1] with { AsOf = Build.Day(31) }] };
        Assert.Throws<ArgumentException>(() => QuestionScorer.Score(skewed, ScoringPolicy.Default));
    }
}
