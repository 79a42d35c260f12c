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

    /// <summary>Scores the pending claims as of now and stores a transition for each whose status changed, unless a
    /// newer write moved its outbox row meanwhile (then the rescoring of that write stores it). Returns the
    /// assessments: each is the claim's status as of now, stored or about to be superseded by a fresher one.</summary>
    /// <param name="causes">The traced calls that asked for this rescoring, when it runs apart from them.</param>
    public async Task<IReadOnlyList<ClaimAssessment>> RescoreAsync(
        IReadOnlyList<PendingRescore> pending, CancellationToken ct, IEnumerable<ActivityLink>? causes = null)
    {
        if (pending.Count == 0) return [];
        // Its own span, so each transition's event sits on the work that caused it, in the call or in the worker.
        using var activity = ClaimStatusTelemetry.Source.StartActivity("claimstatus.rescore", ActivityKind.Internal, default(ActivityContext), links: causes);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("claimstatus.cause", string.Join(",", pending.Select(p => p.Cause).Distinct().Order(StringComparer.Ordinal)));
            activity.SetTag("claimstatus.claims", pending.Count);
        }
        var now = clock.GetUtcNow();
        // The versions were read before the evidence is loaded, so evidence at least as new as each version is
        // scored; one write for all the claims, since a transaction per claim held up the single SQLite writer.
        var byClaim = pending.DistinctBy(p => p.ClaimId, StringComparer.Ordinal).ToDictionary(p => p.ClaimId, StringComparer.Ordinal);
        var assessments = await AssessAsync([.. byClaim.Keys], now, ct);
        var transitions = await store.RecordRescoredAsync([.. assessments.Select(a => new RescoredClaim(byClaim[a.ClaimId], a))], now, ct);
        foreach (var transition in transitions)
        {
            ClaimStatusTelemetry.StatusTransitions.Add(1,
                new KeyValuePair<string, object?>("claimstatus.status", transition.To.ToString().ToUpperInvariant()));
            activity?.AddEvent(new ActivityEvent("claimstatus.status_transition", tags: new ActivityTagsCollection
            {
                ["claimstatus.claim_id"] = transition.ClaimId,
                ["claimstatus.status.from"] = transition.From?.ToString().ToUpperInvariant() ?? "NONE",
                ["claimstatus.status.to"] = transition.To.ToString().ToUpperInvariant(),
                ["claimstatus.cause"] = transition.Cause,
            }));
        }
        if (transitions.Count > 0) feed.Nudge();
        return assessments;
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
