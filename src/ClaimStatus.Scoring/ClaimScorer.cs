namespace ClaimStatus.Scoring;

/// <summary>Turns a claim's evidence into its status. Pure: no I/O, no clock.</summary>
public static class ClaimScorer
{
    public static ClaimAssessment Score(ClaimEvidence evidence, ScoringPolicy policy) =>
        throw new NotImplementedException("The engine lands with the scoring work.");
}
