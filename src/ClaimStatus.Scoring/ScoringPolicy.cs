namespace ClaimStatus.Scoring;

/// <summary>A named, versioned set of scoring parameters: every number the engine uses lives here.
/// POLICY.md beside this file explains each one and how the defaults were chosen or fitted.</summary>
public sealed record ScoringPolicy(string Name, string Version)
{
    // --- Trust: a grade's prior probability of being right, blended with the learned record. ---

    public double PriorA { get; init; } = 0.95;
    public double PriorB { get; init; } = 0.90;
    public double PriorC { get; init; } = 0.80;
    public double PriorD { get; init; } = 0.40;
    public double PriorE { get; init; } = 0.25;

    /// <summary>F means "cannot be judged": an ungraded source is presumed as good, per stance, as the ungraded
    /// outlets of scenarios/emergent-train.json proved to be (their pooled hit rates: 331 of 550 supports and 247 of
    /// 259 refutations right); its own record then moves it. Refuting and supporting are different skills (rule 4).</summary>
    public double PriorFSupports { get; init; } = 0.60;
    public double PriorFRefutes { get; init; } = 0.95;

    /// <summary>How many observations the grade's prior is worth against the learned record (Beta pseudo-counts).</summary>
    public double PriorWeight { get; init; } = 2.0;

    /// <summary>No source is trusted completely: keeps every opinion non-dogmatic (u &gt; 0).</summary>
    public double MaxTrust { get; init; } = 0.95;

    // --- What an assertion says. ---

    public double HedgeCertain { get; init; } = 1.0;
    public double HedgeProbable { get; init; } = 0.7;
    public double HedgePossible { get; init; } = 0.4;

    /// <summary>Multiplies the trust in a word from one of the claim's parties (rule 7): a self-serving word, or
    /// one whose direction the claim does not say.</summary>
    public double InterestedPartyFactor { get; init; } = 0.25;

    /// <summary>Multiplies the trust in an admission against interest (rule 7): a SUPPORTS from a party the claim
    /// would harm. Set by hand: the opposite of the self-serving discount, smaller than its inverse (2), because a
    /// party also concedes for tactical reasons. The opinion stays capped at <see cref="MaxTrust"/>.</summary>
    public double AdmissionFactor { get; init; } = 1.5;

    /// <summary>A CANNOT_CONFIRM with trust t moves this fraction times t of the belief evidence into
    /// uncertainty (rule 6); several such clusters multiply.</summary>
    public double CannotConfirmHold { get; init; } = 0.5;

    // --- Subjective logic. ---

    /// <summary>Non-informative prior weight W: an opinion (b, d, u) is evidence r = W b / u, s = W d / u.</summary>
    public double PriorEvidence { get; init; } = 2.0;

    /// <summary>Base rate a in the projected probability P = b + a u.</summary>
    public double BaseRate { get; init; } = 0.5;

    // --- Decision: fixed thresholds on the projected probability, the same for every claim (rules 4, 10, 11). ---

    /// <summary>Rule 4: confirmation needs at least this many independent supporting groups.</summary>
    public int MinSupportingGroups { get; init; } = 2;

    /// <summary>Denial needs at least this many refuting groups (0: doubt alone may deny).</summary>
    public int MinRefutingGroups { get; init; } = 0;

    /// <summary>CONFIRMED needs P at least this: ICD 203's "almost certain" (0.95 and above). Set by the words, not fitted:
    /// three independent certain A/B words with nothing against reach it, so do two B (0.97) and three C (0.96).</summary>
    public double ConfirmAt { get; init; } = 0.95;

    /// <summary>DENIED needs P at most this: the top of ICD 203's "very unlikely" band (below 0.20). Set by the words,
    /// not fitted: one certain A or B refutation with nothing for the claim reaches it, one B against one B does not.</summary>
    public double DenyAt { get; init; } = 0.20;

    // --- Words: Admiralty credibility of an UNVERIFIED claim by its probability (2, 3, else 4). ---

    public double ProbablyTrueAt { get; init; } = 0.7;
    public double PossiblyTrueAt { get; init; } = 0.5;

    // --- Served probability of an ungraded claim. ---

    /// <summary>Maps an ungraded claim's evidence probability to the share of such claims that proved true. Chosen and
    /// fitted by Evaluation/PolicyJudge.Calibration on the 140 adjudicated claims of scenarios/emergent-train.json, the
    /// same code the nested protocol runs inside each training part (POLICY.md): isotonic won the held-out comparison.
    /// Each knot is a block of claims at its mean evidence probability (to 4 decimals) with its share true given half a
    /// pseudo-claim towards even chance: (true + 1/2) / (claims + 1). Graded claims and the thresholds never read it.</summary>
    public CalibrationMap UngradedCalibration { get; init; } = new(CalibrationMethod.Isotonic, Knots:
    [
        new(0.0237, 0.5 / 34), new(0.1158, 1.5 / 32), new(0.3251, 1.5 / 17), new(0.5642, 4.5 / 11),
        new(0.7941, 4.5 / 10), new(0.8905, 3.5 / 6), new(0.9225, 6.5 / 9), new(0.9690, 28.5 / 29),
    ]);

    public static ScoringPolicy Default { get; } = new("sl-thresholds", "7");

    /// <summary>A source's trust per stance before its record speaks: a graded source's prior is the same for both.</summary>
    public SourceTrust GradePriors(Grade grade) => grade switch
    {
        Grade.A => new(PriorA, PriorA),
        Grade.B => new(PriorB, PriorB),
        Grade.C => new(PriorC, PriorC),
        Grade.D => new(PriorD, PriorD),
        Grade.E => new(PriorE, PriorE),
        _ => new(PriorFSupports, PriorFRefutes),
    };

    public double HedgeFactor(Hedge hedge) => hedge switch
    {
        Hedge.Certain => HedgeCertain,
        Hedge.Probable => HedgeProbable,
        _ => HedgePossible,
    };
}
