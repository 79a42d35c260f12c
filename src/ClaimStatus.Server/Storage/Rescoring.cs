using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage;

/// <summary>A row of the rescoring outbox: a claim whose stored status may be out of date, the version of the
/// latest write that made it so, and that write's cause (the transition's cause once rescored).</summary>
public sealed record PendingRescore(string ClaimId, long Version, string Cause);

/// <summary>A status computed from evidence loaded after <paramref name="Pending"/> was read.</summary>
public sealed record RescoredClaim(PendingRescore Pending, ClaimAssessment Assessment);

/// <summary>A claim whose kept current assessment time or a new policy made stale, and the cause to rescore it under.</summary>
public sealed record StaleAssessment(string ClaimId, string Cause)
{
    /// <summary>Stale for the policy when it was computed under another, else because its window closed.</summary>
    public static StaleAssessment Of(string claimId, string storedPolicy, string serverPolicy) =>
        new(claimId, storedPolicy == serverPolicy ? RescoreCauses.EvidenceDue : RescoreCauses.PolicyChanged);
}

/// <summary>The causes the writes record, which become the transitions' causes.</summary>
public static class RescoreCauses
{
    public const string Created = "created";
    public const string Assertion = "assertion";
    public const string Adjudication = "adjudication";
    public const string LearnedReliability = "learned-reliability";
    public const string SourceChanged = "source-changed";
    public const string Repair = "repair";
    /// <summary>Future-dated evidence became visible: the kept assessment's validity window closed.</summary>
    public const string EvidenceDue = "evidence-due";
    /// <summary>The kept assessment was computed under another scoring policy than the server's.</summary>
    public const string PolicyChanged = "policy-changed";

    /// <summary>The version a claim's outbox row starts at. Ticks rather than 1, so a row deleted and enqueued
    /// again starts far above any version a slow rescoring may still hold for the old row; bumps add one.</summary>
    public static long FirstVersion() => DateTime.UtcNow.Ticks;
}
