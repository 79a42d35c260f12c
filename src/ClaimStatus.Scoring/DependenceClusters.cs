namespace ClaimStatus.Scoring;

/// <summary>Rule 3: assertions whose sources share a group, or that share a relay outlet (or are
/// that outlet's own word), are one dependence cluster. Union-find over the shared keys.</summary>
internal sealed class DependenceClusters
{
    private readonly int[] _parent;

    /// <summary>Cluster index per assertion; clusters are numbered in order of their first assertion.</summary>
    public int[] ClusterOf { get; }
    public List<string> Names { get; } = [];

    public DependenceClusters(IReadOnlyList<AssertionEvidence> active, Func<string, SourceProfile> profileOf)
    {
        _parent = new int[active.Count];
        for (var i = 0; i < _parent.Length; i++) _parent[i] = i;

        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < active.Count; i++)
        {
            foreach (var key in Keys(active[i], profileOf))
            {
                if (firstWithKey.TryGetValue(key, out var j)) Union(i, j);
                else firstWithKey[key] = i;
            }
        }

        ClusterOf = new int[active.Count];
        var slotOfRoot = new Dictionary<int, int>();
        var members = new List<List<int>>();
        for (var i = 0; i < active.Count; i++)
        {
            var root = Find(i);
            if (!slotOfRoot.TryGetValue(root, out var slot))
            {
                slot = members.Count;
                slotOfRoot[root] = slot;
                members.Add([]);
            }
            ClusterOf[i] = slot;
            members[slot].Add(i);
        }
        foreach (var m in members) Names.Add(NameOf(m.Select(i => active[i]), profileOf));
    }

    private static IEnumerable<string> Keys(AssertionEvidence a, Func<string, SourceProfile> profileOf)
    {
        yield return "s:" + a.SourceId;
        if (a.ReportedVia is { Length: > 0 } via) yield return "s:" + via;
        foreach (var g in profileOf(a.SourceId).Groups) yield return "g:" + g;
    }

    // A cluster is named by its groups, or else by its sources and relays, so the name says why they pool.
    private static string NameOf(IEnumerable<AssertionEvidence> members, Func<string, SourceProfile> profileOf)
    {
        var list = members.ToList();
        var groups = list.SelectMany(a => profileOf(a.SourceId).Groups).Distinct().Order(StringComparer.Ordinal).ToList();
        if (groups.Count > 0) return string.Join("+", groups);
        var sources = list.Select(a => a.SourceId)
            .Concat(list.Where(a => !string.IsNullOrEmpty(a.ReportedVia)).Select(a => a.ReportedVia!))
            .Distinct().Order(StringComparer.Ordinal);
        return string.Join("+", sources);
    }

    private int Find(int i)
    {
        while (_parent[i] != i) i = _parent[i] = _parent[_parent[i]];
        return i;
    }

    private void Union(int i, int j)
    {
        var (a, b) = (Find(i), Find(j));
        if (a != b) _parent[Math.Max(a, b)] = Math.Min(a, b);
    }
}
