namespace ClaimStatus.Scoring;

/// <summary>The fused evidence of a claim, summed over its independent dependence clusters.</summary>
/// <param name="Support">Belief evidence r: the sum over clusters of each cluster's strongest support.</param>
/// <param name="Refute">Disbelief evidence s, likewise.</param>
/// <param name="Hold">Fraction of the belief evidence that survives CANNOT_CONFIRM (1 when none).</param>
/// <param name="ReportingGroups">Clusters with a REPORTS member: repetition, no belief (rule 5).</param>
/// <param name="Doubt">Doubt evidence q: the sum over reporting clusters of the strongest learned doubt of a
/// reporter (<see cref="ReliabilityLearner.ReportsDoubt"/>); 0 when no reporter has a record of false rumours.</param>
public readonly record struct FusedEvidence(
    double Support, double Refute, double Hold, int SupportingGroups, int RefutingGroups, int ReportingGroups, double Doubt = 0);

/// <summary>The decision on fused evidence: the fused opinion and the per-status scores.</summary>
public readonly record struct Decision(
    Verdict Verdict, double Belief, double Disbelief, double Uncertainty, double Probability,
    double ConfirmScore, double DenyScore, double ReportsDoubt, bool ConfirmationGated);

/// <summary>Subjective-logic arithmetic shared by the explained and the batch scorer, so that both
/// compute the same numbers from the same evidence.</summary>
public static class Fusion
{
    /// <summary>How much one assertion's word is worth: trust times hedge, less for an interested party, more for
    /// an admission against interest (which the caller caps at MaxTrust like every opinion).</summary>
    public static double Discount(double trust, Hedge hedge, bool interested, ScoringPolicy policy, bool admission = false) =>
        trust * policy.HedgeFactor(hedge) * (admission ? policy.AdmissionFactor : interested ? policy.InterestedPartyFactor : 1.0);

    /// <summary>Evidence equivalent of a discounted opinion with belief x and uncertainty 1 - x:
    /// r = W x / (1 - x). Cumulative fusion of independent opinions is the sum of their evidence.</summary>
    public static double Evidence(double x, ScoringPolicy policy)
    {
        var capped = Math.Min(x, policy.MaxTrust);
        return policy.PriorEvidence * capped / (1.0 - capped);
    }

    public static Decision Decide(in FusedEvidence e, ScoringPolicy policy)
    {
        var r = e.Support * e.Hold;
        var total = r + e.Refute + policy.PriorEvidence;
        var b = r / total;
        var d = e.Refute / total;
        var u = policy.PriorEvidence / total;
        var p = b + policy.BaseRate * u;
        // The decision reads the fused opinion as log-evidence: belief saturates near 1, evidence keeps counting.
        // Every feature is 0 without evidence and every bias is at most 0, so silence is UNVERIFIED.
        var support = Math.Log(1.0 + r);
        var refute = Math.Log(1.0 + e.Refute);
        var doubt = Math.Log(1.0 + e.Doubt);

        var confirm = policy.ConfirmBias + policy.ConfirmSupport * support + policy.ConfirmRefute * refute
            + policy.ConfirmReports * doubt;
        var deny = policy.DenyBias + policy.DenySupport * support + policy.DenyRefute * refute + policy.DenyReports * doubt;

        // Rule 4: one independent voice never confirms, whatever its score.
        var gated = e.SupportingGroups < policy.MinSupportingGroups;
        var verdict = Verdict.Unverified;
        var best = 0.0;
        // With nothing said there is nothing to decide: the scores are only read when someone spoke.
        var silent = e.SupportingGroups + e.RefutingGroups + e.ReportingGroups == 0 && e.Hold >= 1;
        if (!silent && !gated && confirm > best) (verdict, best) = (Verdict.Confirmed, confirm);
        if (!silent && e.RefutingGroups >= policy.MinRefutingGroups && deny > best) verdict = Verdict.Denied;
        return new(verdict, b, d, u, p, confirm, deny, doubt, gated);
    }
}
