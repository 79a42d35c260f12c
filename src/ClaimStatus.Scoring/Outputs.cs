namespace ClaimStatus.Scoring;

/// <summary>One assertion's part in an assessment.</summary>
/// <param name="Assertion">The assertion as its source said it; for borrowed evidence, on the claim it was said on
/// (<see cref="BorrowedEvidence.FromClaimId"/>), with the stance it was said with.</param>
/// <param name="InterestedParty">The source belongs to one of the claim's parties (rule 7).</param>
/// <param name="Admission">The word is an admission against interest: a SUPPORTS from a source whose parties the claim
/// would all harm; it counts for more instead of less.</param>
public sealed record AssertionContribution(
    AssertionEvidence Assertion,
    Grade Grade,
    TrackRecord Track,
    double SupportsTrust,
    double RefutesTrust,
    string Group,
    bool Superseded,
    bool InterestedParty,
    bool Admission,
    double Weight,
    double Belief,
    double Disbelief,
    double Uncertainty,
    double BeliefShare,
    double DisbeliefShare,
    string Why,
    BorrowedEvidence? Borrowed = null);

/// <summary>How a word said on a related claim counts on this one (QUESTIONS.md): from which claim, by which rule,
/// as which stance, and the share of its opinion that flows.</summary>
public sealed record BorrowedEvidence(string FromClaimId, Lending Lending, Stance CountsAs, double Factor);

/// <summary>The rules by which evidence flows between related claims (QUESTIONS.md, rules Q1 to Q5).</summary>
public enum Lending
{
    /// <summary>Q1: SUPPORTS of a rival alternative counts as REFUTES here.</summary>
    RivalSupports,
    /// <summary>Q2: REFUTES of the other alternative of a closed question of two counts as SUPPORTS here.</summary>
    RivalRefutes,
    /// <summary>Q3: REFUTES of a rival in a closed question of n &gt; 2 counts as SUPPORTS with 1/(n - 1) of its belief.</summary>
    RivalRefutesSpread,
    /// <summary>Q4: SUPPORTS of a claim that implies this one counts as SUPPORTS here.</summary>
    ImplicantSupports,
    /// <summary>Q5: REFUTES of a claim this one implies counts as REFUTES here.</summary>
    ImpliedRefutes,
}

/// <summary>A claim's status as of a time with the numbers and reasons behind it.</summary>
public sealed record ClaimAssessment(
    string ClaimId,
    Verdict Verdict,
    DateTimeOffset AsOf,
    double Probability,
    double Belief,
    double Disbelief,
    double Uncertainty,
    int SupportingGroups,
    int RefutingGroups,
    int AssertionsUsed,
    int AssertionsSuperseded,
    IReadOnlyList<AssertionContribution> Contributions,
    string PolicyName,
    string PolicyVersion,
    string Reason,
    AdjudicationEvidence? Adjudication,
    string Likelihood,
    int Credibility,
    IReadOnlyDictionary<string, double> Decision,
    Resolution? Resolution = null);

/// <summary>Why a claim's status differs from what its own (and borrowed) evidence gives: a resolution step that keeps
/// the invariants of related claims (QUESTIONS.md, steps R1 to R4), the step and the claim that caused it.</summary>
/// <param name="EvidenceVerdict">The status the evidence alone gives (no adjudication, no resolution).</param>
public sealed record Resolution(ResolutionStep Step, string CausedBy, Verdict EvidenceVerdict, string Why);

public enum ResolutionStep
{
    /// <summary>R1: the truth of this claim follows from an adjudication of a related claim.</summary>
    AdjudicationOfRelated,
    /// <summary>R2: a claim this one implies is DENIED, so this one is DENIED.</summary>
    ImpliedDenied,
    /// <summary>R3: a claim that implies this one is CONFIRMED, so this one is CONFIRMED.</summary>
    ImplicantConfirmed,
    /// <summary>R4: a rival with more probability is CONFIRMED (or is kept CONFIRMED), so this one is not.</summary>
    RivalLeads,
}
