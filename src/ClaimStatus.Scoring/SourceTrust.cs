namespace ClaimStatus.Scoring;

// Placeholder until the engine lands.
public static class SourceTrust
{
    public static (double Supports, double Refutes) For(Grade grade, TrackRecord track, ScoringPolicy policy) => (0, 0);
}
