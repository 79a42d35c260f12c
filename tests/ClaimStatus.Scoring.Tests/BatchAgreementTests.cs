using ClaimStatus.Scoring.Batch;
using ClaimStatus.Scoring.Evaluation;

namespace ClaimStatus.Scoring.Tests;

/// <summary>The fast path must give the verdicts and numbers of the explained path.</summary>
public sealed class BatchAgreementTests
{
    private static void AssertAgree(IReadOnlyList<ClaimEvidence> claims, IReadOnlyList<SourceProfile> sources,
        IReadOnlyDictionary<string, TrackRecord> tracks, ScoringPolicy policy)
    {
        var batchSources = new BatchSources(sources, tracks, policy);
        var batch = ClaimBatch.From(claims, batchSources);
        var results = new BatchResult[claims.Count];
        new BatchScorer(batchSources, policy).Score(batch, results);
        for (var c = 0; c < claims.Count; c++)
        {
            var a = ClaimScorer.Score(claims[c], policy);
            var expected = new BatchResult(a.Verdict, a.Probability, a.Belief, a.Disbelief, a.Uncertainty, a.SupportingGroups, a.RefutingGroups);
            Assert.True(expected == results[c], $"claim {claims[c].ClaimId}: explained {expected}, batch {results[c]}");
        }
    }

    [Theory]
    [InlineData(1, 0, 12)]
    [InlineData(2, 5, 40)]
    [InlineData(3, 90, 120)]
    public void Random_claims_score_the_same(int seed, int min, int max)
    {
        var synthetic = new SyntheticClaims(seed);
        var claims = synthetic.Claims(seed == 3 ? 50 : 2000, min, max);
        Assert.Contains(claims, c => ClaimScorer.Score(c, ScoringPolicy.Default).Verdict == Verdict.Confirmed);
        AssertAgree(claims, synthetic.Sources, synthetic.Tracks, ScoringPolicy.Default);
    }

    [Theory]
    [InlineData(4, 5_000, 1_000)] // mostly independent words: the scorer's singleton path
    [InlineData(5, 30, 6)] // many repeated sources and shared groups: the cluster path
    public void Sources_with_many_groups_score_the_same(int seed, int sources, int groups)
    {
        var synthetic = new SyntheticClaims(seed, sources, groups, maxGroupsPerSource: 5);
        var claims = synthetic.Claims(2000, 0, 15);
        AssertAgree(claims, synthetic.Sources, synthetic.Tracks, ScoringPolicy.Default);
    }

    [Fact]
    public void The_seed_scenario_scores_the_same()
    {
        var nk = NkTroopsScenario.Build();
        var timeline = new Timeline(nk);
        var claims = nk.Expectations.Select(e => timeline.EvidenceAsOf(e.ClaimId, e.AsOf)).ToList();
        AssertAgree(claims, nk.Sources, new Dictionary<string, TrackRecord>(), ScoringPolicy.Default);
    }

    [Fact]
    public void The_admissions_sample_meets_its_expectations_on_both_paths()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ClaimStatus.sln"))) root = root.Parent!;
        var scenario = ScenarioJson.Parse(File.ReadAllText(Path.Combine(root.FullName, "src", "ClaimStatus.Cli", "samples", "admissions-small.json")));
        var timeline = new Timeline(scenario);
        var claims = scenario.Expectations.Select(e => timeline.EvidenceAsOf(e.ClaimId, e.AsOf)).ToList();

        Assert.Equal(scenario.Expectations.Select(e => e.Status), claims.Select(c => ClaimScorer.Score(c, ScoringPolicy.Default).Verdict));
        Assert.Contains(claims, c => ClaimScorer.Score(c, ScoringPolicy.Default).Contributions.Any(x => x.Admission));
        AssertAgree(claims, scenario.Sources, new Dictionary<string, TrackRecord>(), ScoringPolicy.Default);
    }

    [SharedScenarioFact("emergent-train.json")]
    public void Emergent_claims_score_the_same_with_their_learned_records()
    {
        var scenario = SharedScenarios.Load("emergent-train.json");
        var timeline = new Timeline(scenario);
        foreach (var e in scenario.Expectations.Take(120))
        {
            var evidence = timeline.EvidenceAsOf(e.ClaimId, e.AsOf);
            AssertAgree([evidence], scenario.Sources, evidence.TrackRecords, ScoringPolicy.Default);
        }
    }

    [Fact]
    public void Batch_relearning_equals_summed_credits()
    {
        var synthetic = new SyntheticClaims(7);
        var claims = synthetic.Claims(500, 0, 20);
        var truths = claims.Select((_, i) => i % 3 == 0 ? Truth.True : Truth.False).ToArray();
        var expected = new Dictionary<string, TrackRecord>();
        for (var c = 0; c < claims.Count; c++)
        {
            foreach (var (source, credit) in ReliabilityLearner.Credit(claims[c].Assertions, truths[c], claims[c].AsOf))
                expected[source] = expected.GetValueOrDefault(source) + credit;
        }

        var sources = new BatchSources(synthetic.Sources, new Dictionary<string, TrackRecord>(), ScoringPolicy.Default);
        var records = new TrackRecord[sources.Count];
        BatchLearner.Learn(ClaimBatch.From(claims, sources), truths, claims.Select(c => c.AsOf.UtcTicks).ToArray(), records);

        Assert.NotEmpty(expected);
        foreach (var s in synthetic.Sources) Assert.Equal(expected.GetValueOrDefault(s.Id), records[sources.IndexOf(s.Id)]);
    }
}
