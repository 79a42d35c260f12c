namespace ClaimStatus.Scoring;

/// <summary>A named, versioned set of scoring parameters.</summary>
public sealed record ScoringPolicy(string Name, string Version)
{
    public static ScoringPolicy Default { get; } = new("placeholder", "0");
}
