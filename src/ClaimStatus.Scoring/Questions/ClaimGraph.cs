namespace ClaimStatus.Scoring.Questions;

/// <summary>A set of mutually exclusive claims: a question, or the two claims of a negation (a closed question of two).</summary>
public sealed record ExclusiveSet(string Id, bool Closed, IReadOnlyList<string> Members);

/// <summary>The questions and relations between claims, with what the engine asks of them: each claim's rivals, what
/// implies it and what it implies (transitively), and the linked group it belongs to. Pure; tolerates cycles
/// (<see cref="FindImpliesCycle"/> is for refusing them).</summary>
public sealed class ClaimGraph
{
    private static readonly IReadOnlyList<int> NoSets = [];
    private static readonly IReadOnlyList<string> None = [];
    private readonly Dictionary<string, List<int>> _setsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _implies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _impliedBy = new(StringComparer.Ordinal);

    public IReadOnlyList<ExclusiveSet> Sets { get; }

    public ClaimGraph(IReadOnlyList<Question> questions, IReadOnlyList<ClaimRelation> relations)
    {
        var sets = new List<ExclusiveSet>();
        foreach (var q in questions) sets.Add(new(q.Id, q.Closed, q.Alternatives.Distinct(StringComparer.Ordinal).ToList()));
        foreach (var r in relations)
        {
            if (string.Equals(r.From, r.To, StringComparison.Ordinal)) continue;
            if (r.Kind == RelationKind.Negates)
            {
                // Declared on either claim, possibly on both: one set per pair.
                var pair = new[] { r.From, r.To }.Order(StringComparer.Ordinal).ToList();
                var id = $"negates:{pair[0]}|{pair[1]}";
                if (!sets.Any(s => s.Id == id)) sets.Add(new(id, Closed: true, pair));
            }
            else
            {
                Add(_implies, r.From, r.To);
                Add(_impliedBy, r.To, r.From);
            }
        }
        Sets = sets;
        for (var i = 0; i < sets.Count; i++)
        {
            foreach (var m in sets[i].Members) Add(_setsOf, m, i);
        }
    }

    /// <summary>The exclusive sets (questions and negations) the claim is in.</summary>
    public IReadOnlyList<int> SetsOf(string claimId) => _setsOf.TryGetValue(claimId, out var s) ? s : NoSets;

    /// <summary>Every claim that implies this one, directly or through others (never the claim itself).</summary>
    public IReadOnlyList<string> Implicants(string claimId) => Reach(claimId, _impliedBy);

    /// <summary>Every claim this one implies, directly or through others (never the claim itself).</summary>
    public IReadOnlyList<string> Implied(string claimId) => Reach(claimId, _implies);

    /// <summary>Whether the claim is in any question or relation; a claim that is not scores exactly as alone.</summary>
    public bool IsLinked(string claimId) => _setsOf.ContainsKey(claimId) || _implies.ContainsKey(claimId) || _impliedBy.ContainsKey(claimId);

    /// <summary>The claims linked to this one through questions, negations and implications in either direction, the claim
    /// included, in ordinal order: whose evidence may flow to it, and whose adjudications say something of its truth.</summary>
    public IReadOnlyList<string> Component(string claimId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { claimId };
        var queue = new Queue<string>([claimId]);
        while (queue.TryDequeue(out var c))
        {
            IEnumerable<string> next = SetsOf(c).SelectMany(i => Sets[i].Members)
                .Concat(_implies.GetValueOrDefault(c) ?? []).Concat(_impliedBy.GetValueOrDefault(c) ?? []);
            foreach (var n in next)
            {
                if (seen.Add(n)) queue.Enqueue(n);
            }
        }
        return [.. seen.Order(StringComparer.Ordinal)];
    }

    /// <summary>A cycle of <c>implies</c>, as the claims along it in order (the last implies the first), or an empty list
    /// when there is none. A claim that implies itself is a cycle of one. Deterministic: the cycle found first from the
    /// claims in ordinal order.</summary>
    public static IReadOnlyList<string> FindImpliesCycle(IEnumerable<ClaimRelation> relations)
    {
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in relations.Where(r => r.Kind == RelationKind.Implies)) Add(edges, r.From, r.To);
        foreach (var list in edges.Values) list.Sort(StringComparer.Ordinal);
        // Depth-first search with the path on a stack: a step to a claim on the path closes a cycle.
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (state.ContainsKey(start)) continue;
            var stack = new Stack<(string Claim, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (claim, next) = stack.Pop();
                var targets = edges.GetValueOrDefault(claim) ?? [];
                if (next == targets.Count)
                {
                    state[claim] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                stack.Push((claim, next + 1));
                var to = targets[next];
                if (state.TryGetValue(to, out var s))
                {
                    if (s == 1) return [.. path.Skip(path.IndexOf(to))];
                    continue;
                }
                state[to] = 1;
                path.Add(to);
                stack.Push((to, 0));
            }
        }
        return None;
    }

    private IReadOnlyList<string> Reach(string claimId, Dictionary<string, List<string>> edges)
    {
        if (!edges.ContainsKey(claimId)) return None;
        var seen = new HashSet<string>(StringComparer.Ordinal) { claimId };
        var order = new List<string>();
        var queue = new Queue<string>([claimId]);
        while (queue.TryDequeue(out var c))
        {
            foreach (var n in edges.GetValueOrDefault(c) ?? [])
            {
                if (seen.Add(n)) { order.Add(n); queue.Enqueue(n); }
            }
        }
        order.Sort(StringComparer.Ordinal);
        return order;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(value)) list.Add(value);
    }
}
