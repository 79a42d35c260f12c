namespace ClaimStatus.Scoring;

/// <summary>One assertion's part in an assessment.</summary>
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
    string Why);

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
    IReadOnlyDictionary<string, double> Decision);
