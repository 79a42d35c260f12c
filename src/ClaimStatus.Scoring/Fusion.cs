namespace ClaimStatus.Scoring;

/// <summary>The fused evidence of a claim, summed over its independent dependence clusters.</summary>
/// <param name="Support">Belief evidence r: the sum over clusters of each cluster's strongest support.</param>
/// <param name="Refute">Disbelief evidence s, likewise.</param>
/// <param name="Hold">Fraction of the belief evidence that survives CANNOT_CONFIRM (1 when none).</param>
/// <param name="ReportingGroups">Clusters with a REPORTS member: repetition, no belief (rule 5).</param>
/// <param name="Doubt">Doubt evidence q: the sum over reporting clusters of the strongest learned doubt of a
/// reporter (<see cref="ReliabilityLearner.ReportsDoubt"/>); 0 when no reporter has a record of false rumours.</param>
/// <param name="PartiesOnly">Every word that supports, refutes or cannot confirm comes from one of the claim's parties
/// (rule 11: one side's word against the other's settles nothing).</param>
/// <param name="PartySupportingGroups">Supporting groups whose every supporting word is a party's, not an admission against
/// interest: a party backing a claim that may serve it is no independent corroboration, so rule 4's count leaves them out.</param>
/// <param name="Ungraded">Someone spoke and every active word comes from an ungraded (F) source: the served probability is
/// then the policy's calibrated one, learned from ungraded adjudications, which say nothing about graded words (rule 10).</param>
public readonly record struct FusedEvidence(
    double Support, double Refute, double Hold, int SupportingGroups, int RefutingGroups, int ReportingGroups, double Doubt = 0,
    bool PartiesOnly = false, int PartySupportingGroups = 0, bool Ungraded = false);

/// <summary>The decision on fused evidence: the fused opinion and the per-status scores.</summary>
/// <param name="EvidenceProbability">The projected probability P = b + a u that the thresholds read.</param>
/// <param name="Probability">The probability served: <paramref name="EvidenceProbability"/> through the policy's
/// calibration map for an ungraded claim (<paramref name="Calibrated"/>), the evidence probability itself otherwise.</param>
public readonly record struct Decision(
    Verdict Verdict, double Belief, double Disbelief, double Uncertainty, double EvidenceProbability, double Probability, bool Calibrated,
    double ConfirmScore, double DenyScore, double ReportsDoubt, bool ConfirmationGated, bool PartiesOnly = false);

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

    /// <summary>The fused opinion and its status. Learned doubt (reporters whose relayed rumours proved false) counts as
    /// disbelief evidence. The status is read from the projected probability against two fixed thresholds: CONFIRMED at
    /// or above <see cref="ScoringPolicy.ConfirmAt"/> with enough independent support (rule 4), DENIED at or below
    /// <see cref="ScoringPolicy.DenyAt"/>; silence, and evidence from the claim's parties alone (rule 11), are UNVERIFIED.
    /// The scores are the margins: positive when the status is reached. The thresholds read the evidence probability in
    /// both regimes, so a calibration refit moves an ungraded claim's served probability, never its status (POLICY.md).</summary>
    public static Decision Decide(in FusedEvidence e, ScoringPolicy policy)
    {
        var r = e.Support * e.Hold;
        var s = e.Refute + e.Doubt;
        var total = r + s + policy.PriorEvidence;
        var b = r / total;
        var d = s / total;
        var u = policy.PriorEvidence / total;
        var p = b + policy.BaseRate * u;
        var confirm = p - policy.ConfirmAt;
        var deny = policy.DenyAt - p;

        // Rule 4: one independent voice never confirms, whatever its probability.
        var gated = e.SupportingGroups - e.PartySupportingGroups < policy.MinSupportingGroups;
        // With nothing said there is nothing to decide: the scores are only read when someone spoke.
        var silent = e.SupportingGroups + e.RefutingGroups + e.ReportingGroups == 0 && e.Hold >= 1;
        var verdict = Verdict.Unverified;
        if (!silent && !e.PartiesOnly)
        {
            if (!gated && confirm >= 0) verdict = Verdict.Confirmed;
            else if (e.RefutingGroups >= policy.MinRefutingGroups && s > 0 && deny >= 0) verdict = Verdict.Denied;
        }
        var served = e.Ungraded ? policy.UngradedCalibration.Apply(p) : p;
        return new(verdict, b, d, u, p, served, e.Ungraded, confirm, deny, Math.Log(1.0 + e.Doubt), gated, e.PartiesOnly);
    }
}
