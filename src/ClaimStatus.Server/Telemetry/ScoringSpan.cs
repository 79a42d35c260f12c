using System.Diagnostics;
using System.Globalization;
using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Telemetry;

/// <summary>Puts the decision on the scoring span, so a trace alone says why a claim has its status.</summary>
public static class ScoringSpan
{
    const int TopContributions = 5;

    public static void Describe(Activity activity, ClaimAssessment a, string status)
    {
        activity.SetTag("claimstatus.claim_id", a.ClaimId);
        activity.SetTag("claimstatus.status", status);
        activity.SetTag("claimstatus.probability", a.Probability);
        activity.SetTag("claimstatus.belief", a.Belief);
        activity.SetTag("claimstatus.disbelief", a.Disbelief);
        activity.SetTag("claimstatus.uncertainty", a.Uncertainty);
        activity.SetTag("claimstatus.assertions.used", a.AssertionsUsed);
        activity.SetTag("claimstatus.assertions.superseded", a.AssertionsSuperseded);
        activity.SetTag("claimstatus.groups.supporting", a.SupportingGroups);
        activity.SetTag("claimstatus.groups.refuting", a.RefutingGroups);
        activity.SetTag("claimstatus.policy.name", a.PolicyName);
        activity.SetTag("claimstatus.policy.version", a.PolicyVersion);
        activity.SetTag("claimstatus.as_of", a.AsOf.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        activity.SetTag("claimstatus.reason", a.Reason);
        if (a.Adjudication is { } adjudication) activity.SetTag("claimstatus.adjudication", adjudication.Truth.ToString().ToUpperInvariant());

        var top = a.Contributions
            .Where(c => !c.Superseded && c.Weight > 0)
            .OrderByDescending(c => Math.Max(c.BeliefShare, c.DisbeliefShare))
            .Take(TopContributions);
        foreach (var c in top)
        {
            activity.AddEvent(new ActivityEvent("claimstatus.contribution", tags: new ActivityTagsCollection
            {
                ["claimstatus.source_id"] = c.Assertion.SourceId,
                ["claimstatus.stance"] = c.Assertion.Stance.ToString(),
                ["claimstatus.group"] = c.Group,
                ["claimstatus.weight"] = c.Weight,
                ["claimstatus.belief_share"] = c.BeliefShare,
                ["claimstatus.disbelief_share"] = c.DisbeliefShare,
                ["claimstatus.why"] = c.Why,
            }));
        }
    }
}
