namespace ClaimStatus.Scoring.Questions;

public enum GraphProblemKind
{
    /// <summary>A relation from a claim to itself.</summary>
    RelationToItself,
    /// <summary>A claim listed in more than one question (a claim belongs to at most one).</summary>
    InTwoQuestions,
    /// <summary>A cycle of implies: the claims along it, in order.</summary>
    ImpliesCycle,
    /// <summary>A claim implies one of its own rivals, so it could never be true.</summary>
    ImpliesRival,
}

/// <summary>What is wrong with a set of questions and relations, with the claims to name in the error.</summary>
public sealed record GraphProblem(GraphProblemKind Kind, IReadOnlyList<string> Claims);

/// <summary>The checks the API layer refuses a question or relation by; the engine itself tolerates all of them (a self
/// relation is ignored, a cycle makes its claims imply each other), so these are for clear errors, not for safety.</summary>
public static class GraphProblems
{
    public static IReadOnlyList<GraphProblem> Of(IReadOnlyList<Question> questions, IReadOnlyList<ClaimRelation> relations)
    {
        var problems = new List<GraphProblem>();
        foreach (var r in relations.Where(r => string.Equals(r.From, r.To, StringComparison.Ordinal)))
            problems.Add(new(GraphProblemKind.RelationToItself, [r.From]));
        foreach (var twice in questions.SelectMany(q => q.Alternatives.Distinct(StringComparer.Ordinal).Select(a => (Claim: a, Question: q.Id)))
                     .GroupBy(x => x.Claim, StringComparer.Ordinal).Where(g => g.Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal))
            problems.Add(new(GraphProblemKind.InTwoQuestions, [twice.Key]));
        var cycle = ClaimGraph.FindImpliesCycle(relations.Where(r => !string.Equals(r.From, r.To, StringComparison.Ordinal)));
        if (cycle.Count > 0) problems.Add(new(GraphProblemKind.ImpliesCycle, cycle));
        var graph = new ClaimGraph(questions, relations);
        foreach (var r in relations.Where(r => r.Kind == RelationKind.Implies))
        {
            foreach (var implied in graph.Implied(r.From).Where(i => graph.SetsOf(r.From).Any(s => graph.Sets[s].Members.Contains(i, StringComparer.Ordinal))))
                problems.Add(new(GraphProblemKind.ImpliesRival, [r.From, implied]));
        }
        return problems.DistinctBy(p => (p.Kind, string.Join("\n", p.Claims))).ToList();
    }
}
