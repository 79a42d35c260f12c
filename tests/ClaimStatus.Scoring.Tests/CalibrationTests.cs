using ClaimStatus.Scoring.Evaluation;
using static ClaimStatus.Scoring.Tests.Build;

namespace ClaimStatus.Scoring.Tests;

/// <summary>The served probability of an ungraded claim is its evidence probability through the policy's calibration map;
/// the status is read from the evidence probability, so the map moves the probability and never the status.</summary>
public sealed class CalibrationTests
{
    private static readonly ScoringPolicy Absurd = ScoringPolicy.Default with { UngradedCalibration = new(CalibrationMethod.Platt, A: -3, B: -3, C: 2) };

    public static TheoryData<string> UngradedCases => new(UngradedClaims.Keys);

    private static readonly Dictionary<string, ClaimEvidence> UngradedClaims = new()
    {
        ["three outlets support"] = Claim(Outlets(3), Supporters(3)),
        ["one outlet refutes"] = Claim(Outlets(1), [Say(1, "outlet0", Stance.Refutes)]),
        ["two outlets against one proven refuter"] = Claim(Outlets(3), [.. Supporters(2), Say(1, "outlet2", Stance.Refutes)],
            tracks: new Dictionary<string, TrackRecord> { ["outlet2"] = Refuter(6, 0) }),
        ["outlets only report"] = Claim(Outlets(4), Enumerable.Range(0, 4).Select(i => Say(i, $"outlet{i}", Stance.Reports))),
    };

    [Theory]
    [MemberData(nameof(UngradedCases))]
    public void An_ungraded_claim_serves_the_calibrated_probability_and_keeps_its_status(string name)
    {
        var evidence = UngradedClaims[name];
        var served = ClaimScorer.Score(evidence, ScoringPolicy.Default);
        var absurd = ClaimScorer.Score(evidence, Absurd);
        var p = served.Decision["evidence_probability"];
        Assert.Equal(1, served.Decision["calibrated"]);
        Assert.Equal(ScoringPolicy.Default.UngradedCalibration.Apply(p), served.Probability, 12);
        Assert.Equal(Absurd.UngradedCalibration.Apply(p), absurd.Probability, 12);
        Assert.Equal((served.Verdict, p), (absurd.Verdict, absurd.Decision["evidence_probability"]));
        Assert.Equal(Explanation.Likelihood(served.Probability), served.Likelihood);
        Assert.Contains("calibrated to", served.Reason);
    }

    [Fact]
    public void The_policy_map_moves_what_Emergent_says_it_should()
    {
        // Emergent's outlets were right less often than their evidence probability says at the top: 3 supports, P 0.95.
        var a = Score(Claim(Outlets(3), Supporters(3)));
        Assert.True(a.Probability < a.Decision["evidence_probability"] - 0.05, $"{a.Probability} vs {a.Decision["evidence_probability"]}");
    }

    [Fact]
    public void Silence_is_not_calibrated()
    {
        var a = Score(Claim(Outlets(2), []));
        Assert.Equal((0.5, 0.0), (a.Probability, a.Decision["calibrated"]));
    }

    [Fact]
    public void Platt_recovers_the_map_that_made_the_outcomes()
    {
        var random = new Random(11);
        var examples = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var p = random.NextDouble() * 0.98 + 0.01;
            var truth = 1 / (1 + Math.Exp(-(0.5 * Math.Log(p / (1 - p)) - 1)));
            return (p, random.NextDouble() < truth);
        }).ToList();
        var map = CalibrationFitter.Fit(CalibrationMethod.Platt, examples);
        Assert.Equal(0.5, map.A, 1);
        Assert.Equal(-1, map.C, 1);
        var beta = CalibrationFitter.Fit(CalibrationMethod.Beta, examples);
        Assert.Equal((0.5, 0.5, -1.0), (Math.Round(beta.A, 1), Math.Round(beta.B, 1), Math.Round(beta.C, 1)));
    }

    [Fact]
    public void Isotonic_pools_adjacent_violators_into_knots()
    {
        (double, bool)[] examples = [(0.1, false), (0.2, true), (0.3, false), (0.4, true)];
        var map = CalibrationFitter.Fit(CalibrationMethod.Isotonic, examples);
        // Blocks {0.1: 0 of 1}, {0.2, 0.3: 1 of 2}, {0.4: 1 of 1}, each (true + 1/2) / (claims + 1).
        Assert.Equal([new(0.1, 0.25), new(0.25, 0.5), new(0.4, 0.75)], map.Knots!.Select(k => new CalibrationKnot(Math.Round(k.Probability, 12), k.Calibrated)));
        Assert.Equal(0.25, map.Apply(0.0));
        Assert.Equal(0.375, map.Apply(0.175), 12);
        Assert.Equal(0.75, map.Apply(0.99));
    }

    [Fact]
    public void Binned_serves_each_bins_share_true_shrunk_to_the_base_rate_and_never_falls()
    {
        (double, bool)[] examples = [(0.05, false), (0.1, false), (0.5, true), (0.55, false), (0.95, true), (0.99, true)];
        var map = CalibrationFitter.Fit(CalibrationMethod.Binned, examples);
        // Base rate 1/2: bin 1 (0/2) 1/4, bins 2 and 4 empty 1/2, bin 3 (1/2) 1/2, bin 5 (2/2) 3/4.
        Assert.Equal([0.25, 0.5, 0.5, 0.5, 0.75], map.Knots!.Select(k => k.Calibrated));
        Assert.Equal(0.25, map.Apply(0.1));
        Assert.Equal(0.75, map.Apply(0.85));
        (double, bool)[] falling = [(0.1, true), (0.1, true), (0.9, false), (0.9, false), (0.5, true), (0.5, false)];
        var knots = CalibrationFitter.Fit(CalibrationMethod.Binned, falling).Knots!.Select(k => k.Calibrated).ToList();
        Assert.Equal(knots.Order(), knots);
    }

    [Fact]
    public void The_chosen_method_is_the_one_with_the_lowest_held_out_error()
    {
        // Outcomes true exactly above 0.6: a step no logistic curve can draw, so a table map should win.
        var random = new Random(3);
        var examples = Enumerable.Range(0, 400).Select(_ => { var p = random.NextDouble(); return (p, p > 0.6); }).ToList();
        var (map, ece) = CalibrationFitter.Choose(examples);
        Assert.Equal(CalibrationFitter.Methods.Count, ece.Count);
        Assert.Equal(ece.MinBy(kv => kv.Value).Key, map.Method);
        Assert.Contains(map.Method, (CalibrationMethod[])[CalibrationMethod.Isotonic, CalibrationMethod.Binned]);
    }
}

public sealed class CalibrationNoiseTests
{
    [Fact]
    public void A_calibrated_judge_still_shows_the_sampling_noise_of_its_bins()
    {
        // Certain probabilities leave no noise; 100 claims at one half miss by |share - 1/2|, about 0.8 sqrt(1/400) = 0.04.
        Assert.Equal(0, CalibrationReport.EceIfCalibrated([.. Enumerable.Repeat(0.0, 50), .. Enumerable.Repeat(1.0, 50)]), 12);
        Assert.InRange(CalibrationReport.EceIfCalibrated([.. Enumerable.Repeat(0.5, 100)]), 0.035, 0.045);
    }
}
