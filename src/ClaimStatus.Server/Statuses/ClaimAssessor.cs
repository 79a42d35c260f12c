using System.Diagnostics;
using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Telemetry;

namespace ClaimStatus.Server.Statuses;

/// <summary>Loads a claim's evidence, has the engine score it, and stores the transitions that result.</summary>
public sealed class ClaimAssessor(IClaimStore store, ScoringPolicy policy, TimeProvider clock, TransitionFeed feed)
{
    public ScoringPolicy Policy => policy;

    /// <summary>Scores each claim as of a time; claims that do not exist are left out.</summary>
    public async Task<IReadOnlyList<ClaimAssessment>> AssessAsync(IReadOnlyList<string> claimIds, DateTimeOffset asOf, CancellationToken ct)
    {
        var evidence = await store.LoadEvidenceAsync(claimIds, asOf, ct);
        var assessments = new ClaimAssessment[evidence.Count];
        for (var i = 0; i < evidence.Count; i++) assessments[i] = Score(evidence[i]);
        return assessments;
    }

    /// <summary>Scores the claims as of now and stores a transition for each whose status changed.</summary>
    public async Task RescoreAsync(IReadOnlyList<string> claimIds, string cause, CancellationToken ct)
    {
        if (claimIds.Count == 0) return;
        var now = clock.GetUtcNow();
        var changed = false;
        foreach (var assessment in await AssessAsync(claimIds, now, ct))
        {
            var transition = await store.RecordStatusAsync(assessment, cause, now, ct);
            if (transition is null) continue;
            changed = true;
            ClaimStatusTelemetry.StatusTransitions.Add(1,
                new KeyValuePair<string, object?>("claimstatus.status", transition.To.ToString().ToUpperInvariant()));
            Activity.Current?.AddEvent(new ActivityEvent("claimstatus.status_transition", tags: new ActivityTagsCollection
            {
                ["claimstatus.claim_id"] = transition.ClaimId,
                ["claimstatus.status.from"] = transition.From?.ToString().ToUpperInvariant() ?? "NONE",
                ["claimstatus.status.to"] = transition.To.ToString().ToUpperInvariant(),
                ["claimstatus.cause"] = cause,
            }));
        }
        if (changed) feed.Nudge();
    }

    ClaimAssessment Score(ClaimEvidence evidence)
    {
        using var activity = ClaimStatusTelemetry.Source.StartActivity("claimstatus.score");
        var started = Stopwatch.GetTimestamp();
        var assessment = ClaimScorer.Score(evidence, policy);
        ClaimStatusTelemetry.ScoringDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        var status = assessment.Verdict.ToString().ToUpperInvariant();
        ClaimStatusTelemetry.StatusesComputed.Add(1, new KeyValuePair<string, object?>("claimstatus.status", status));
        if (activity is { IsAllDataRequested: true }) ScoringSpan.Describe(activity, assessment, status);
        return assessment;
    }
}
