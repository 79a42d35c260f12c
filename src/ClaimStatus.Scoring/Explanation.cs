using System.Globalization;

namespace ClaimStatus.Scoring;

/// <summary>The words and scales that make an assessment readable (rule 9).</summary>
public static class Explanation
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>ICD 203 expression of likelihood for a probability (the directive's fixed bands, not a policy choice).</summary>
    public static string Likelihood(double p) => p switch
    {
        < 0.05 => "almost no chance",
        < 0.20 => "very unlikely",
        < 0.45 => "unlikely",
        <= 0.55 => "roughly even chance",
        < 0.80 => "likely",
        < 0.95 => "very likely",
        _ => "almost certain",
    };

    /// <summary>Admiralty information credibility 1-6 consistent with the status: 1 confirmed, 2 probably
    /// true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.</summary>
    public static int Credibility(Verdict verdict, double probability, int assertionsUsed, ScoringPolicy policy) => verdict switch
    {
        Verdict.Confirmed => 1,
        Verdict.Denied => 5,
        _ when assertionsUsed == 0 => 6,
        _ when probability >= policy.ProbablyTrueAt => 2,
        _ when probability >= policy.PossiblyTrueAt => 3,
        _ => 4,
    };

    internal static string Superseded(AssertionEvidence by) =>
        string.Create(Inv, $"Superseded by the source's later assertion {by.Id} ({by.Stance} at {by.ObservedAt:u}); weight 0.");

    /// <summary>The opening of a borrowed word's line: who said what on which related claim, and how it counts here.
    /// Empty for the claim's own words.</summary>
    internal static string Borrowed(ClaimScorer.Word word, string claimId)
    {
        if (word.Borrowed is not { } b) return "";
        var a = word.Assertion;
        return b.Lending switch
        {
            Lending.RivalSupports => $"Borrowed: source {a.SourceId} supports rival '{b.FromClaimId}' → counts against this claim (Q1). ",
            Lending.RivalRefutes => $"Borrowed: source {a.SourceId} refutes '{b.FromClaimId}', the only other answer → counts for this claim (Q2). ",
            Lending.RivalRefutesSpread => string.Create(Inv,
                $"Borrowed: source {a.SourceId} refutes rival '{b.FromClaimId}' → counts for this claim with {b.Factor:0.00} of its belief, shared with the other remaining answers (Q3). "),
            Lending.ImplicantSupports => $"Borrowed: source {a.SourceId} supports '{b.FromClaimId}', which implies this claim → counts for this claim (Q4). ",
            _ => $"Borrowed: source {a.SourceId} refutes '{b.FromClaimId}', which this claim implies → counts against this claim (Q5). ",
        };
    }

    internal static string Why(
        AssertionEvidence a, ClaimScorer.Weighed w, SourceProfile profile, string group, bool counted, ScoringPolicy policy, Stance? said = null)
    {
        if (a.Stance == Stance.Reports)
        {
            if (w.Doubt <= 0)
                return "Relays the claim without endorsing it: no belief (rule 5), and no record of relaying false rumours, so no doubt either.";
            var record = w.Track;
            var pooledDoubt = counted ? $"the strongest doubt of group {group}" : $"pooled in group {group} with a stronger doubt, so it adds nothing (rule 3)";
            return string.Create(Inv,
                $"Relays the claim without endorsing it: no belief (rule 5); {record.ReportsFalse} of its {record.ReportsTrue + record.ReportsFalse} adjudicated relayed rumours proved false, so it counts as doubt {w.Weight:0.00}; {pooledDoubt}.");
        }

        // A borrowed word is judged by the trust of the stance its source took (QUESTIONS.md).
        var skill = said ?? a.Stance;
        var trust = skill == Stance.Refutes ? w.Trust.Refutes : w.Trust.Supports;
        var parts = new List<string>
        {
            string.Create(Inv, $"Grade {profile.Grade} with its record gives {(skill == Stance.Refutes ? "refutes" : "supports")} trust {trust:0.00}"),
            string.Create(Inv, $"hedge {a.Hedge} x{policy.HedgeFactor(a.Hedge):0.00}"),
        };
        if (w.Admission) parts.Add(string.Create(Inv, $"admission against interest x{policy.AdmissionFactor:0.00}"));
        else if (w.Interested) parts.Add(string.Create(Inv, $"interested party x{policy.InterestedPartyFactor:0.00}"));
        var what = a.Stance switch
        {
            Stance.Supports => string.Create(Inv, $"belief {w.Belief:0.00}"),
            Stance.Refutes => string.Create(Inv, $"disbelief {w.Disbelief:0.00}"),
            _ => string.Create(Inv, $"cannot confirm: holds back {w.Hold:P0} of the belief evidence"),
        };
        var pooled = counted
            ? $"the strongest word of group {group}"
            : $"pooled in group {group} with a stronger word, so it adds nothing (rule 3)";
        return $"{string.Join(", ", parts)}: {what}; {pooled}.";
    }

    internal static string Reason(
        Verdict verdict, in FusedEvidence e, in Decision d, AdjudicationEvidence? adjudication,
        IReadOnlyList<string> groups, ScoringPolicy policy)
    {
        var numbers = string.Create(Inv,
            $"{e.SupportingGroups} independent group(s) support and {e.RefutingGroups} refute; belief {d.Belief:0.00}, disbelief {d.Disbelief:0.00}, uncertainty {d.Uncertainty:0.00}, P {d.EvidenceProbability:0.00}");
        var doubt = e.Doubt > 0 ? string.Create(Inv, $" Reporters with a record of relaying false rumours add doubt evidence {e.Doubt:0.00}.") : "";
        var hold = e.Hold < 1 ? string.Create(Inv, $" CANNOT_CONFIRM from sources expected to know holds back {1 - e.Hold:P0} of the belief evidence.") : "";
        var scores = string.Create(Inv, $"P {d.EvidenceProbability:0.00}; CONFIRMED at P >= {policy.ConfirmAt:0.00}, DENIED at P <= {policy.DenyAt:0.00}");
        var calibrated = d.Calibrated
            ? string.Create(Inv, $" Every word is from an ungraded source: the probability served is P {d.EvidenceProbability:0.00} calibrated to {d.Probability:0.00} ({policy.UngradedCalibration.Method.ToString().ToLowerInvariant()} map learned from adjudicated ungraded claims).")
            : "";

        if (adjudication is not null)
            return string.Create(Inv,
                $"Adjudicated {adjudication.Truth.ToString().ToUpperInvariant()} at {adjudication.DecidedAt:u}: the verdict is fixed. The evidence alone gives {Word(d.Verdict)}: {numbers}.{calibrated}");
        if (groups.Count == 0) return "Nothing asserted as of this time: UNVERIFIED.";

        var why = verdict switch
        {
            Verdict.Confirmed => $"CONFIRMED: almost certain ({scores}).",
            Verdict.Denied => $"DENIED: very unlikely ({scores}).",
            _ when d.PartiesOnly => $"UNVERIFIED: every word comes from the claim's own parties; one side's word against the other's settles nothing (rule 11; {scores}).",
            _ when d.ConfirmationGated && d.ConfirmScore >= 0 =>
                $"UNVERIFIED: only {e.SupportingGroups} independent group(s) support it and confirmation needs {policy.MinSupportingGroups}; one voice is not confirmation ({scores}).",
            _ => $"UNVERIFIED: neither almost certain nor very unlikely ({scores}).",
        };
        return $"{why} {numbers}.{hold}{doubt}{calibrated}";
    }

    internal static IReadOnlyDictionary<string, double> DecisionTable(in FusedEvidence e, in Decision d, ScoringPolicy p) =>
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["support_evidence"] = e.Support,
            ["held_support_evidence"] = e.Support * e.Hold,
            ["refute_evidence"] = e.Refute,
            ["cannot_confirm_hold"] = e.Hold,
            ["reporting_groups"] = e.ReportingGroups,
            ["doubt_evidence"] = e.Doubt,
            ["reports_doubt"] = d.ReportsDoubt,
            ["confirm_score"] = d.ConfirmScore,
            ["deny_score"] = d.DenyScore,
            ["unverified_score"] = 0,
            ["min_supporting_groups"] = p.MinSupportingGroups,
            ["confirmation_gated"] = d.ConfirmationGated ? 1 : 0,
            ["confirm_at"] = p.ConfirmAt,
            ["deny_at"] = p.DenyAt,
            ["parties_only"] = e.PartiesOnly ? 1 : 0,
            ["evidence_probability"] = d.EvidenceProbability,
            ["calibrated"] = d.Calibrated ? 1 : 0,
        };

    private static string Word(Verdict v) => v switch
    {
        Verdict.Confirmed => "CONFIRMED",
        Verdict.Denied => "DENIED",
        _ => "UNVERIFIED",
    };
}
