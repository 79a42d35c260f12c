namespace ClaimStatus.Scoring;

/// <summary>One assertion's part in an assessment.</summary>
public sealed record AssertionContribution(
    AssertionEvidence Assertion,
    Grade Grade,
    TrackRecord Track,
    double SupportsTrust,
    double RefutesTrust,
    string Group,
    bool Superseded,
    bool InterestedParty,
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
