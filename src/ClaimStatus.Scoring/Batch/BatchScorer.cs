using System.Runtime.CompilerServices;

namespace ClaimStatus.Scoring.Batch;

/// <summary>The fast path for rescoring many claims: the same rules and arithmetic as
/// <see cref="ClaimScorer.Score"/> over columnar inputs, with reused scratch arrays so that scoring a
/// claim allocates nothing. Not thread-safe: use one scorer per thread.</summary>
/// <remarks>Most claims have one word per source and no two words sharing a group or relay, so every
/// word is its own cluster. The scorer checks that first, without branching on the data (random
/// stances, times and keys would defeat the branch predictor), and only builds clusters when it must.</remarks>
public sealed class BatchScorer
{
    private readonly BatchSources _sources;
    private readonly ScoringPolicy _policy;
    // Stamped with the claim's generation, so that nothing has to be cleared between claims.
    private int[] _sourceSeen;
    private long[] _keySeen = [];
    private int _generation;
    private readonly int[] _latestOfSource;
    private int[] _keyOwner = [];
    private int[] _active = [], _parent = [], _slotOfRoot = [], _touched = [];
    // Per cluster slot, the strongest weight of each stance (4 cells) and whether anyone reported.
    private double[] _strongest = [];
    private bool[] _reports = [];
    // The claim's harmed party keys (ScoreOne's harmed), read only for words of a party.
    private int[] _harmed = new int[4];
    private int _harmedCount;

    public BatchScorer(BatchSources sources, ScoringPolicy policy)
    {
        _sources = sources;
        _policy = policy;
        _sourceSeen = new int[sources.Count];
        _latestOfSource = new int[sources.Count];
        Array.Fill(_latestOfSource, -1);
        Grow(16);
    }

    public void Score(ClaimBatch batch, Span<BatchResult> results)
    {
        for (var c = 0; c < batch.Count; c++)
        {
            var assertions = batch.Assertions.AsSpan(batch.ClaimStart[c], batch.ClaimStart[c + 1] - batch.ClaimStart[c]);
            var parties = batch.Parties.AsSpan(batch.PartyStart[c], batch.PartyStart[c + 1] - batch.PartyStart[c]);
            var harmed = batch.Harmed.AsSpan(batch.HarmedStart[c], batch.HarmedStart[c + 1] - batch.HarmedStart[c]);
            results[c] = ScoreOne(assertions, parties, batch.AsOfTicks[c], batch.Adjudications[c], harmed);
        }
    }

    /// <param name="harmed">The keys of the parties, among <paramref name="parties"/>, that the claim would harm.</param>
    public BatchResult ScoreOne(
        ReadOnlySpan<BatchAssertion> assertions, ReadOnlySpan<int> parties, long asOfTicks, AdjudicationEvidence? adjudication = null,
        ReadOnlySpan<int> harmed = default)
    {
        if (assertions.Length > _active.Length) Grow(assertions.Length);
        if (_keyOwner.Length < _sources.KeyCount)
        {
            _keyOwner = new int[_sources.KeyCount];
            Array.Fill(_keyOwner, -1);
            _keySeen = new long[_sources.KeyCount];
            _touched = new int[Math.Max(_active.Length, _sources.KeyCount)];
        }
        var generation = NextGeneration();
        // Kept beside the scratch arrays rather than passed down: the per-word loops then carry no more than before.
        if (harmed.Length > _harmed.Length) _harmed = new int[harmed.Length];
        harmed.CopyTo(_harmed);
        _harmedCount = harmed.Length;

        // Rule 1: words observed by the as-of time, compacted without a branch.
        var m = 0;
        for (var i = 0; i < assertions.Length; i++)
        {
            _active[m] = i;
            m += assertions[i].ObservedTicks <= asOfTicks ? 1 : 0;
        }
        // Rule 2: a source's latest word supersedes its earlier ones; repeats are rare, so look for one first.
        var repeated = false;
        for (var k = 0; k < m; k++)
        {
            var source = assertions[_active[k]].Source;
            repeated |= _sourceSeen[source] == generation;
            _sourceSeen[source] = generation;
        }
        if (repeated) m = KeepLatest(assertions, m);

        // Rule 3: words sharing a group or relay form a cluster.
        var singletons = Independent(assertions, m, generation);
        var fused = singletons
            ? FuseSingletons(assertions, parties, m)
            : FuseClusters(assertions, parties, m);
        // Rule 11: only claims that name parties can be settled by parties alone.
        if (!parties.IsEmpty)
            fused = fused with { PartiesOnly = PartiesOnly(assertions, parties, m), PartySupportingGroups = PartySupporting(assertions, parties, m, singletons) };
        var ungraded = m > 0;
        for (var k = 0; k < m; k++) ungraded &= _sources.Ungraded[assertions[_active[k]].Source];
        var d = Fusion.Decide(fused with { Ungraded = ungraded }, _policy);
        var verdict = adjudication is { } adj && adj.DecidedAt.UtcTicks <= asOfTicks
            ? adj.Truth == Truth.True ? Verdict.Confirmed : Verdict.Denied
            : d.Verdict;
        return new(verdict, d.Probability, d.Belief, d.Disbelief, d.Uncertainty, fused.SupportingGroups, fused.RefutingGroups);
    }

    /// <summary>Supporting clusters with no supporting word from outside the claim's parties or admitting against interest;
    /// after <see cref="FuseClusters"/> the union-find still gives each word's cluster.</summary>
    private int PartySupporting(ReadOnlySpan<BatchAssertion> assertions, ReadOnlySpan<int> parties, int m, bool singletons)
    {
        Span<int> state = m <= 256 ? stackalloc int[m] : new int[m]; // per cluster root: 0 no support, 1 party only, 2 neutral
        state.Clear();
        for (var k = 0; k < m; k++)
        {
            ref readonly var a = ref assertions[_active[k]];
            if (a.Stance != Stance.Supports || WeightOf(a, parties) <= 0) continue;
            var root = singletons ? k : Find(k);
            var neutral = !IsInterested(a.Source, parties) || (_harmedCount > 0 && OnlyHarmedParties(a.Source, parties));
            state[root] = Math.Max(state[root], neutral ? 2 : 1);
        }
        var count = 0;
        foreach (var s in state) count += s == 1 ? 1 : 0;
        return count;
    }

    /// <summary>True when some active word is not a report and every such word comes from one of the claim's parties.</summary>
    private bool PartiesOnly(ReadOnlySpan<BatchAssertion> assertions, ReadOnlySpan<int> parties, int m)
    {
        var spoke = false;
        for (var k = 0; k < m; k++)
        {
            ref readonly var a = ref assertions[_active[k]];
            if (a.Stance == Stance.Reports) continue;
            if (!IsInterested(a.Source, parties)) return false;
            spoke = true;
        }
        return spoke;
    }

    /// <summary>True when no two active words share a key (a group, a relay or a relayed outlet's own key).</summary>
    private bool Independent(ReadOnlySpan<BatchAssertion> assertions, int m, int generation)
    {
        var shared = false;
        var keys = _sources.KeyBlocks;
        for (var k = 0; k < m; k++)
        {
            ref readonly var a = ref assertions[_active[k]];
            ref readonly var block = ref keys[a.Source];
            var via = a.Via >= 0 ? a.Via : block.Own;
            shared |= Mark(block.First, k, generation) | Mark(block.Second, k, generation)
                | Mark(block.Own, k, generation) | Mark(via, k, generation) | block.MoreGroups;
        }
        return !shared;
    }

    /// <summary>Stamps the key as held by word k; true when another word of this claim holds it already.</summary>
    private bool Mark(int key, int k, int generation)
    {
        var seen = _keySeen[key];
        _keySeen[key] = ((long)generation << 32) | (uint)k;
        return ((int)(seen >> 32) == generation) & ((int)seen != k);
    }

    /// <summary>Every word its own cluster: cumulative fusion is a plain sum, in the order the clusters
    /// path adds them, so both give the same bits.</summary>
    private FusedEvidence FuseSingletons(ReadOnlySpan<BatchAssertion> assertions, ReadOnlySpan<int> parties, int m)
    {
        Span<double> sum = stackalloc double[4];
        Span<double> kept = [1.0, 1.0, 1.0, 1.0];
        Span<int> groups = stackalloc int[4];
        var reporting = 0;
        for (var k = 0; k < m; k++)
        {
            ref readonly var a = ref assertions[_active[k]];
            var w = WeightOf(a, parties);
            var stance = (int)a.Stance;
            sum[stance] += w;
            // Only the CANNOT_CONFIRM cell is read: the share of belief evidence that survives the holds.
            kept[stance] *= 1.0 - w;
            groups[stance] += w > 0 ? 1 : 0;
            reporting += a.Stance == Stance.Reports ? 1 : 0;
        }
        return new(sum[(int)Stance.Supports], sum[(int)Stance.Refutes], kept[(int)Stance.CannotConfirm],
            groups[(int)Stance.Supports], groups[(int)Stance.Refutes], reporting, sum[(int)Stance.Reports]);
    }

    /// <summary>The general case: union-find over shared keys, then each cluster counts as its strongest
    /// word on each side (rule 3); clusters are numbered by first appearance.</summary>
    private FusedEvidence FuseClusters(ReadOnlySpan<BatchAssertion> assertions, ReadOnlySpan<int> parties, int m)
    {
        var touched = 0;
        for (var k = 0; k < m; k++)
        {
            _parent[k] = k;
            ref readonly var a = ref assertions[_active[k]];
            for (var x = _sources.KeyStart[a.Source]; x < _sources.KeyStart[a.Source + 1]; x++) Join(k, _sources.Keys[x], ref touched);
            if (a.Via >= 0) Join(k, a.Via, ref touched);
        }
        for (var t = 0; t < touched; t++) _keyOwner[_touched[t]] = -1;

        var slots = 0;
        for (var k = 0; k < m; k++) _slotOfRoot[k] = -1;
        for (var k = 0; k < m; k++)
        {
            var root = Find(k);
            var slot = _slotOfRoot[root];
            if (slot < 0)
            {
                slot = _slotOfRoot[root] = slots++;
                _strongest.AsSpan(4 * slot, 4).Clear();
                _reports[slot] = false;
            }
            ref readonly var a = ref assertions[_active[k]];
            ref var cell = ref _strongest[4 * slot + (int)a.Stance];
            cell = Math.Max(cell, WeightOf(a, parties));
            _reports[slot] |= a.Stance == Stance.Reports;
        }

        double support = 0, refute = 0, hold = 1, doubt = 0;
        int supporting = 0, refuting = 0, reporting = 0;
        for (var s = 0; s < slots; s++)
        {
            var strongest = _strongest.AsSpan(4 * s, 4);
            if (strongest[(int)Stance.Supports] > 0) { support += strongest[(int)Stance.Supports]; supporting++; }
            if (strongest[(int)Stance.Refutes] > 0) { refute += strongest[(int)Stance.Refutes]; refuting++; }
            if (strongest[(int)Stance.CannotConfirm] > 0) hold *= 1.0 - strongest[(int)Stance.CannotConfirm];
            doubt += strongest[(int)Stance.Reports];
            if (_reports[s]) reporting++;
        }
        return new(support, refute, hold, supporting, refuting, reporting, doubt);
    }

    // Most claims name no party: one test of an empty span and the neutral table, small enough to be inlined;
    // the party tables are looked up out of line.
    private double WeightOf(in BatchAssertion a, ReadOnlySpan<int> parties)
    {
        var cell = BatchSources.Cell(a.Source, a.Stance, a.Hedge);
        return parties.IsEmpty ? _sources.CellWeight[cell] : PartyWeightOf(a.Source, cell, parties);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double PartyWeightOf(int source, int cell, ReadOnlySpan<int> parties)
    {
        if (!IsInterested(source, parties)) return _sources.CellWeight[cell];
        return _harmedCount > 0 && OnlyHarmedParties(source, parties)
            ? _sources.AdmissionCellWeight[cell]
            : _sources.InterestedCellWeight[cell];
    }

    /// <summary>Keeps each source's latest word (later observation, then higher id) in the active list.</summary>
    private int KeepLatest(ReadOnlySpan<BatchAssertion> assertions, int m)
    {
        for (var k = 0; k < m; k++)
        {
            var i = _active[k];
            ref readonly var a = ref assertions[i];
            var j = _latestOfSource[a.Source];
            if (j < 0 || a.ObservedTicks > assertions[j].ObservedTicks || (a.ObservedTicks == assertions[j].ObservedTicks && a.Id > assertions[j].Id))
                _latestOfSource[a.Source] = i;
        }
        var kept = 0;
        for (var k = 0; k < m; k++)
        {
            var i = _active[k];
            if (_latestOfSource[assertions[i].Source] == i) _active[kept++] = i;
        }
        for (var k = 0; k < m; k++) _latestOfSource[assertions[_active[k]].Source] = -1;
        return kept;
    }

    private bool IsInterested(int source, ReadOnlySpan<int> parties)
    {
        for (var x = _sources.KeyStart[source]; x < _sources.KeyStart[source + 1]; x++)
        {
            if (parties.Contains(_sources.Keys[x])) return true;
        }
        return false;
    }

    /// <summary>For an interested source: true when every party it belongs to is a harmed one.</summary>
    private bool OnlyHarmedParties(int source, ReadOnlySpan<int> parties)
    {
        var harmed = _harmed.AsSpan(0, _harmedCount);
        for (var x = _sources.KeyStart[source]; x < _sources.KeyStart[source + 1]; x++)
        {
            var key = _sources.Keys[x];
            if (parties.Contains(key) && !harmed.Contains(key)) return false;
        }
        return true;
    }

    private void Join(int k, int key, ref int touched)
    {
        var owner = _keyOwner[key];
        if (owner < 0) { _keyOwner[key] = k; _touched[touched++] = key; return; }
        var (a, b) = (Find(k), Find(owner));
        if (a != b) _parent[Math.Max(a, b)] = Math.Min(a, b);
    }

    private int Find(int i)
    {
        while (_parent[i] != i) i = _parent[i] = _parent[_parent[i]];
        return i;
    }

    private int NextGeneration()
    {
        if (_generation == int.MaxValue)
        {
            Array.Clear(_sourceSeen);
            Array.Clear(_keySeen);
            _generation = 0;
        }
        return ++_generation;
    }

    private void Grow(int n)
    {
        n = Math.Max(n, 2 * _active.Length);
        _active = new int[n];
        _parent = new int[n];
        _slotOfRoot = new int[n];
        _strongest = new double[4 * n];
        _reports = new bool[n];
        // Touched holds distinct keys of one claim's words.
        _touched = new int[Math.Max(n, _sources.KeyCount)];
    }
}
