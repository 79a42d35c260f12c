namespace ClaimStatus.Scoring.Questions;

/// <summary>A claim's truth as it follows from adjudications: the adjudicated claim the chain starts from, and the
/// last step (empty for the adjudicated claim itself).</summary>
public readonly record struct DerivedTruth(Truth Truth, string Root, string Step);

/// <summary>What adjudications say of the claims linked to them (QUESTIONS.md, R1): a TRUE claim makes what it implies
/// TRUE and its rivals FALSE; a FALSE claim makes what implies it FALSE, and the last open answer of a closed question
/// TRUE. Nothing else follows: a FALSE alternative of an open question says nothing of its rivals.</summary>
public static class Consequences
{
    /// <param name="adjudicated">In the order they were decided: on a contradiction the earlier word stands.</param>
    /// <param name="conflicts">When given, receives the claims whose truth two adjudications contradict (the API refuses
    /// such an adjudication; the engine keeps the earlier).</param>
    public static Dictionary<string, DerivedTruth> Of(
        ClaimGraph graph, IEnumerable<(string ClaimId, Truth Truth)> adjudicated, ICollection<string>? conflicts = null)
    {
        var result = new Dictionary<string, DerivedTruth>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var (claim, truth) in adjudicated)
        {
            if (result.TryGetValue(claim, out var known))
            {
                if (known.Truth != truth) conflicts?.Add(claim);
                continue;
            }
            result[claim] = new(truth, claim, "");
            queue.Enqueue(claim);
            Drain();
        }
        return result;

        // Each adjudication's consequences are drawn before the next one's, so an earlier decision wins a contradiction.
        void Drain()
        {
            while (queue.TryDequeue(out var c))
            {
                var (truth, root, _) = result[c];
                if (truth == Truth.True)
                {
                    foreach (var d in graph.Implied(c)) Force(d, Truth.True, root, $"'{c}', which implies it, is true");
                    foreach (var s in graph.SetsOf(c))
                    {
                        foreach (var r in graph.Sets[s].Members.Where(m => m != c))
                            Force(r, Truth.False, root, $"its rival '{c}' in '{graph.Sets[s].Id}' is true");
                    }
                    continue;
                }
                foreach (var a in graph.Implicants(c)) Force(a, Truth.False, root, $"'{c}', which it implies, is false");
                foreach (var s in graph.SetsOf(c))
                {
                    var set = graph.Sets[s];
                    if (!set.Closed) continue;
                    var open = set.Members.Where(m => !(result.TryGetValue(m, out var t) && t.Truth == Truth.False)).ToList();
                    if (open.Count == 0) conflicts?.Add(c);
                    else if (open.Count == 1) Force(open[0], Truth.True, root, $"every other answer of closed question '{set.Id}' is false");
                }
            }
        }

        void Force(string claim, Truth truth, string root, string step)
        {
            if (result.TryGetValue(claim, out var known))
            {
                if (known.Truth != truth) conflicts?.Add(claim);
                return;
            }
            result[claim] = new(truth, root, step);
            queue.Enqueue(claim);
        }
    }
}
