using BenchmarkDotNet.Attributes;
using ClaimStatus.Scoring;
using ClaimStatus.Scoring.Batch;

namespace ClaimStatus.Benchmarks;

/// <summary>(a) Batch rescoring: 100,000 claims of 10 assertions per operation, reported per assertion.</summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class BatchThroughput
{
    private const int Claims = 100_000, PerClaim = 10;
    private IReadOnlyList<ClaimEvidence> _claims = [];
    private ClaimBatch _batch = null!;
    private BatchScorer _scorer = null!;
    private BatchResult[] _results = [];

    [GlobalSetup]
    public void Setup()
    {
        var synthetic = new SyntheticClaims(42, sources: 5_000, groups: 1_000);
        _claims = synthetic.Claims(Claims, PerClaim, PerClaim);
        var sources = new BatchSources(synthetic.Sources, synthetic.Tracks, ScoringPolicy.Default);
        _batch = ClaimBatch.From(_claims, sources);
        _scorer = new BatchScorer(sources, ScoringPolicy.Default);
        _results = new BatchResult[Claims];
        // The baseline must compute the same thing, or the ratio means nothing.
        _scorer.Score(_batch, _results);
        for (var c = 0; c < 2_000; c++)
        {
            if (NaiveScorer.Score(_claims[c], ScoringPolicy.Default) != _results[c].Verdict)
                throw new InvalidOperationException($"Baseline disagrees on claim {c}.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Claims * PerClaim)]
    public int NaiveLinq()
    {
        var confirmed = 0;
        foreach (var c in _claims) confirmed += NaiveScorer.Score(c, ScoringPolicy.Default) == Verdict.Confirmed ? 1 : 0;
        return confirmed;
    }

    [Benchmark(OperationsPerInvoke = Claims * PerClaim)]
    public int Batch()
    {
        _scorer.Score(_batch, _results);
        return _results.Length;
    }
}

/// <summary>(b) Rescoring one claim with 100 assertions.</summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class RescoreOne
{
    private ClaimEvidence _claim = null!;
    private ClaimBatch _batch = null!;
    private BatchScorer _scorer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var synthetic = new SyntheticClaims(43);
        _claim = synthetic.Claim(0, 100);
        var sources = new BatchSources(synthetic.Sources, synthetic.Tracks, ScoringPolicy.Default);
        _batch = ClaimBatch.From([_claim], sources);
        _scorer = new BatchScorer(sources, ScoringPolicy.Default);
    }

    [Benchmark(Baseline = true)]
    public Verdict NaiveLinq() => NaiveScorer.Score(_claim, ScoringPolicy.Default);

    [Benchmark]
    public Verdict Explained() => ClaimScorer.Score(_claim, ScoringPolicy.Default).Verdict;

    [Benchmark]
    public Verdict Batch() => _scorer.ScoreOne(_batch.Assertions, _batch.Parties, _batch.AsOfTicks[0]).Verdict;
}

/// <summary>(c) Relearning every source's record from 1,000,000 adjudicated assertions.</summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class Relearn
{
    private const int Claims = 100_000, PerClaim = 10;
    private IReadOnlyList<ClaimEvidence> _claims = [];
    private Truth[] _truths = [];
    private long[] _decided = [];
    private ClaimBatch _batch = null!;
    private TrackRecord[] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        var synthetic = new SyntheticClaims(44, sources: 5_000, groups: 1_000);
        _claims = synthetic.Claims(Claims, PerClaim, PerClaim);
        _truths = _claims.Select((_, i) => i % 3 == 0 ? Truth.True : Truth.False).ToArray();
        _decided = _claims.Select(c => c.AsOf.UtcTicks).ToArray();
        var sources = new BatchSources(synthetic.Sources, new Dictionary<string, TrackRecord>(), ScoringPolicy.Default);
        _batch = ClaimBatch.From(_claims, sources);
        _records = new TrackRecord[sources.Count];
    }

    [Benchmark(Baseline = true)]
    public int NaiveLinq() => NaiveScorer.Learn(_claims, _truths).Count;

    [Benchmark]
    public int Batch()
    {
        Array.Clear(_records);
        BatchLearner.Learn(_batch, _truths, _decided, _records);
        return _records.Length;
    }
}
