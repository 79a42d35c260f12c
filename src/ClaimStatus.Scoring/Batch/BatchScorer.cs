namespace ClaimStatus.Scoring.Batch;

/// <summary>The fast path for rescoring many claims: the same rules and arithmetic as
/// <see cref="ClaimScorer.Score"/> over columnar inputs, with reused scratch arrays so that scoring a
/// claim allocates nothing. Not thread-safe: use one scorer per thread.</summary>
public sealed class BatchScorer
{
    private readonly BatchSources _sources;
    private readonly ScoringPolicy _policy;
    private readonly int[] _latestOfSource;
    private int[] _keyOwner = [];
    private int[] _active = [], _parent = [], _slotOfRoot = [], _touched = [];
    private double[] _support = [], _refute = [], _hold = [], _doubt = [];
    private bool[] _reports = [];

    public BatchScorer(BatchSources sources, ScoringPolicy policy)
    {
        _sources = sources;
        _policy = policy;
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
            results[c] = ScoreOne(assertions, parties, batch.AsOfTicks[c], batch.Adjudications[c]);
        }
    }

    public BatchResult ScoreOne(ReadOnlySpan<BatchAssertion> assertions, ReadOnlySpan<int> parties, long asOfTicks, AdjudicationEvidence? adjudication = null)
    {
        if (assertions.Length > _active.Length) Grow(assertions.Length);
        if (_keyOwner.Length < _sources.KeyCount)
        {
            _keyOwner = new int[_sources.KeyCount];
            Array.Fill(_keyOwner, -1);
            _touched = new int[Math.Max(_active.Length, _sources.KeyCount)];
        }

        // Rules 1 and 2: latest word per source as of the time.
        var touched = 0;
        for (var i = 0; i < assertions.Length; i++)
        {
            ref readonly var a = ref assertions[i];
            if (a.ObservedTicks > asOfTicks) continue;
            var j = _latestOfSource[a.Source];
            if (j < 0) { _latestOfSource[a.Source] = i; _touched[touched++] = a.Source; }
            else if (a.ObservedTicks > assertions[j].ObservedTicks || (a.ObservedTicks == assertions[j].ObservedTicks && a.Id > assertions[j].Id)) _latestOfSource[a.Source] = i;
        }
        var m = 0;
        for (var i = 0; i < assertions.Length; i++)
        {
            if (assertions[i].ObservedTicks <= asOfTicks && _latestOfSource[assertions[i].Source] == i) _active[m++] = i;
        }
        for (var t = 0; t < touched; t++) _latestOfSource[_touched[t]] = -1;

        // Rule 3: union-find over shared keys; the first assertion holding a key owns it.
        touched = 0;
        for (var k = 0; k < m; k++)
        {
            _parent[k] = k;
            ref readonly var a = ref assertions[_active[k]];
            for (var x = _sources.KeyStart[a.Source]; x < _sources.KeyStart[a.Source + 1]; x++) Join(k, _sources.Keys[x], ref touched);
            if (a.Via >= 0) Join(k, a.Via, ref touched);
        }
        for (var t = 0; t < touched; t++) _keyOwner[_touched[t]] = -1;

        // Each cluster keeps its strongest word per side; clusters are numbered by first appearance.
        var slots = 0;
        for (var k = 0; k < m; k++) _slotOfRoot[k] = -1;
        for (var k = 0; k < m; k++)
        {
            var root = Find(k);
            var slot = _slotOfRoot[root];
            if (slot < 0)
            {
                slot = _slotOfRoot[root] = slots++;
                (_support[slot], _refute[slot], _hold[slot], _doubt[slot], _reports[slot]) = (0, 0, 0, 0, false);
            }
            Weigh(assertions[_active[k]], parties, slot);
        }

        double support = 0, refute = 0, hold = 1, doubt = 0;
        int supporting = 0, refuting = 0, reporting = 0;
        for (var s = 0; s < slots; s++)
        {
            if (_support[s] > 0) { support += _support[s]; supporting++; }
            if (_refute[s] > 0) { refute += _refute[s]; refuting++; }
            if (_hold[s] > 0) hold *= 1.0 - _hold[s];
            doubt += _doubt[s];
            if (_reports[s]) reporting++;
        }
        var d = Fusion.Decide(new FusedEvidence(support, refute, hold, supporting, refuting, reporting, doubt), _policy);
        var verdict = adjudication is { } adj && adj.DecidedAt.UtcTicks <= asOfTicks
            ? adj.Truth == Truth.True ? Verdict.Confirmed : Verdict.Denied
            : d.Verdict;
        return new(verdict, d.Probability, d.Belief, d.Disbelief, d.Uncertainty, supporting, refuting);
    }

    private void Weigh(in BatchAssertion a, ReadOnlySpan<int> parties, int slot)
    {
        if (!parties.IsEmpty && IsInterested(a.Source, parties)) { WeighInterested(a, slot); return; }
        // Branch-free on the stance (random stances would mispredict): the cell's weight goes to its side.
        var w = _sources.CellWeight[BatchSources.Cell(a.Source, a.Stance, a.Hedge)];
        var s = a.Stance == Stance.Supports ? w : 0;
        var r = a.Stance == Stance.Refutes ? w : 0;
        var h = a.Stance == Stance.CannotConfirm ? w : 0;
        var q = a.Stance == Stance.Reports ? w : 0;
        _support[slot] = s > _support[slot] ? s : _support[slot];
        _refute[slot] = r > _refute[slot] ? r : _refute[slot];
        _hold[slot] = h > _hold[slot] ? h : _hold[slot];
        _doubt[slot] = q > _doubt[slot] ? q : _doubt[slot];
        _reports[slot] |= a.Stance == Stance.Reports;
    }

    private void WeighInterested(in BatchAssertion a, int slot)
    {
        switch (a.Stance)
        {
            case Stance.Supports:
                var b = BatchSources.SupportEvidenceOf(_sources.SupportsTrust[a.Source], a.Hedge, true, _policy);
                if (b > _support[slot]) _support[slot] = b;
                break;
            case Stance.Refutes:
                var r = BatchSources.SupportEvidenceOf(_sources.RefutesTrust[a.Source], a.Hedge, true, _policy);
                if (r > _refute[slot]) _refute[slot] = r;
                break;
            case Stance.CannotConfirm:
                BatchSources.HoldBackOf(_sources.SupportsTrust[a.Source], a.Hedge, true, _policy, out var h);
                if (h > _hold[slot]) _hold[slot] = h;
                break;
            default:
                var q = _sources.CellWeight[BatchSources.Cell(a.Source, a.Stance, a.Hedge)];
                if (q > _doubt[slot]) _doubt[slot] = q;
                _reports[slot] = true;
                break;
        }
    }

    private bool IsInterested(int source, ReadOnlySpan<int> parties)
    {
        for (var x = _sources.KeyStart[source]; x < _sources.KeyStart[source + 1]; x++)
        {
            if (parties.Contains(_sources.Keys[x])) return true;
        }
        return false;
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

    private void Grow(int n)
    {
        n = Math.Max(n, 2 * _active.Length);
        _active = new int[n];
        _parent = new int[n];
        _slotOfRoot = new int[n];
        _support = new double[n];
        _refute = new double[n];
        _hold = new double[n];
        _doubt = new double[n];
        _reports = new bool[n];
        // Touched holds distinct sources (at most n) in one pass and distinct keys in the other.
        _touched = new int[Math.Max(n, _sources.KeyCount)];
    }
}
