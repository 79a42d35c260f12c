namespace ClaimStatus.Scoring;

/// <summary>Turns a claim's evidence into its status. Pure: no I/O, no clock.</summary>
public static class ClaimScorer
{
    public static ClaimAssessment Score(ClaimEvidence evidence, ScoringPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        var words = new List<Word>(evidence.Assertions.Count);
        foreach (var a in evidence.Assertions) words.Add(new(a, null));
        return ScoreWords(evidence, words, policy, null).Assessment;
    }

    /// <summary>One word on the claim: its own assertion, or one borrowed from a related claim (Questions/).</summary>
    internal readonly record struct Word(AssertionEvidence Assertion, BorrowedEvidence? Borrowed)
    {
        /// <summary>The assertion as it counts here: a borrowed word takes the stance it is lent as.</summary>
        public AssertionEvidence Effective => Borrowed is { } b ? Assertion with { Stance = b.CountsAs } : Assertion;
        public string Origin(string claimId) => Borrowed?.FromClaimId ?? claimId;
    }

    /// <summary>Scores a claim's own and borrowed words. <paramref name="lent"/> gives the profile and record of a source
    /// named only on a related claim, for when the claim's own dictionaries do not hold it.</summary>
    internal static (ClaimAssessment Assessment, Verdict EvidenceVerdict) ScoreWords(
        ClaimEvidence evidence, IReadOnlyList<Word> words, ScoringPolicy policy, ClaimEvidence? lent)
    {
        // Rules 1 and 2: only what was said by AsOf, and each source's latest word (across related claims: LatestWords).
        var visible = words.Where(w => w.Assertion.ObservedAt <= evidence.AsOf).ToList();
        var (activeIndex, supersededBy) = LatestWords.Select(visible, evidence.ClaimId);
        var activeWords = new List<Word>();
        for (var v = 0; v < visible.Count; v++)
        {
            if (activeIndex[v] >= 0) activeWords.Add(visible[v]);
        }
        var active = activeWords.Select(w => w.Effective).ToList();

        SourceProfile ProfileOf(string id) =>
            evidence.Sources.TryGetValue(id, out var p) ? p
            : lent is not null && lent.Sources.TryGetValue(id, out var q) ? q : new SourceProfile(id, SourceKind.Other, Grade.F, []);
        TrackRecord TrackOf(string id) =>
            evidence.TrackRecords.TryGetValue(id, out var t) ? t : lent?.TrackRecords.GetValueOrDefault(id) ?? default;

        var clusters = new DependenceClusters(active, ProfileOf);
        var weighed = activeWords.Select(w => Weigh(w, ProfileOf(w.Assertion.SourceId), TrackOf(w.Assertion.SourceId), evidence, policy)).ToList();

        // Within a cluster only its strongest word on each side counts (rule 3); clusters add up.
        var clusterCount = clusters.Names.Count;
        var strongestSupport = Enumerable.Repeat(-1, clusterCount).ToArray();
        var strongestRefute = Enumerable.Repeat(-1, clusterCount).ToArray();
        var strongestHold = Enumerable.Repeat(-1, clusterCount).ToArray();
        var strongestDoubt = Enumerable.Repeat(-1, clusterCount).ToArray();
        var reports = new bool[clusterCount];
        for (var i = 0; i < active.Count; i++)
        {
            var c = clusters.ClusterOf[i];
            var w = weighed[i];
            if (w.Support > 0 && (strongestSupport[c] < 0 || w.Support > weighed[strongestSupport[c]].Support)) strongestSupport[c] = i;
            if (w.Refute > 0 && (strongestRefute[c] < 0 || w.Refute > weighed[strongestRefute[c]].Refute)) strongestRefute[c] = i;
            if (w.Hold > 0 && (strongestHold[c] < 0 || w.Hold > weighed[strongestHold[c]].Hold)) strongestHold[c] = i;
            if (w.Doubt > 0 && (strongestDoubt[c] < 0 || w.Doubt > weighed[strongestDoubt[c]].Doubt)) strongestDoubt[c] = i;
            reports[c] |= active[i].Stance == Stance.Reports;
        }

        double support = 0, refute = 0, hold = 1, doubt = 0;
        int supporting = 0, refuting = 0, reporting = 0;
        for (var c = 0; c < clusterCount; c++)
        {
            if (strongestSupport[c] >= 0) { support += weighed[strongestSupport[c]].Support; supporting++; }
            if (strongestRefute[c] >= 0) { refute += weighed[strongestRefute[c]].Refute; refuting++; }
            if (strongestHold[c] >= 0) hold *= 1.0 - weighed[strongestHold[c]].Hold;
            if (strongestDoubt[c] >= 0) doubt += weighed[strongestDoubt[c]].Doubt;
            if (reports[c]) reporting++;
        }
        // Rule 11: a claim whose every word for, against or holding back comes from its own parties stays open.
        var spoke = active.Where(a => a.Stance != Stance.Reports).ToList();
        var partiesOnly = spoke.Count > 0 && spoke.All(a => IsInterested(ProfileOf(a.SourceId), evidence.Parties));
        var neutralSupport = new bool[clusterCount];
        for (var i = 0; i < active.Count; i++)
        {
            if (weighed[i].Support > 0 && (!weighed[i].Interested || weighed[i].Admission)) neutralSupport[clusters.ClusterOf[i]] = true;
        }
        var partySupporting = Enumerable.Range(0, clusterCount).Count(c => strongestSupport[c] >= 0 && !neutralSupport[c]);
        // Rule 10: the calibration learned from ungraded outlets is served only where no graded source speaks.
        var ungraded = active.Count > 0 && active.All(a => ProfileOf(a.SourceId).Grade == Grade.F);
        var fused = new FusedEvidence(support, refute, hold, supporting, refuting, reporting, doubt, partiesOnly, partySupporting, ungraded);
        var decision = Fusion.Decide(fused, policy);

        var adjudication = evidence.Adjudication is { } adj && adj.DecidedAt <= evidence.AsOf ? adj : null;
        var verdict = adjudication is null ? decision.Verdict
            : adjudication.Truth == Truth.True ? Verdict.Confirmed : Verdict.Denied;

        var counted = new HashSet<int>(strongestSupport.Concat(strongestRefute).Concat(strongestHold).Concat(strongestDoubt).Where(i => i >= 0));
        var contributions = new List<AssertionContribution>(visible.Count);
        for (var v = 0; v < visible.Count; v++)
        {
            var word = visible[v];
            var a = word.Assertion;
            var i = activeIndex[v];
            var profile = ProfileOf(a.SourceId);
            var track = TrackOf(a.SourceId);
            if (i < 0)
            {
                var by = supersededBy[v];
                var trust = ReliabilityLearner.Trust(profile.Grade, track, policy);
                contributions.Add(new(a, profile.Grade, track, trust.Supports, trust.Refutes,
                    clusters.Names[clusters.ClusterOf[activeIndex[by]]], Superseded: true,
                    IsInterested(profile, evidence.Parties), Admission: a.Stance == Stance.Supports && word.Effective.Stance == Stance.Supports && Admits(profile, evidence),
                    Weight: 0, Belief: 0, Disbelief: 0, Uncertainty: 1, BeliefShare: 0, DisbeliefShare: 0,
                    Explanation.Borrowed(word, evidence.ClaimId) + Explanation.Superseded(visible[by].Assertion), word.Borrowed));
                continue;
            }
            var w = weighed[i];
            var isCounted = counted.Contains(i);
            var beliefShare = isCounted && w.Support > 0 && support > 0 ? w.Support / support : 0;
            var disbeliefShare = isCounted && w.Refute > 0 && refute > 0 ? w.Refute / refute : 0;
            var group = clusters.Names[clusters.ClusterOf[i]];
            contributions.Add(new(a, profile.Grade, track, w.Trust.Supports, w.Trust.Refutes, group, Superseded: false,
                w.Interested, w.Admission, w.Weight, w.Belief, w.Disbelief, 1 - w.Belief - w.Disbelief, beliefShare, disbeliefShare,
                Explanation.Borrowed(word, evidence.ClaimId) + Explanation.Why(word.Effective, w, profile, group, isCounted, policy, word.Assertion.Stance), word.Borrowed));
        }

        return (new ClaimAssessment(
            evidence.ClaimId, verdict, evidence.AsOf, decision.Probability, decision.Belief, decision.Disbelief,
            decision.Uncertainty, supporting, refuting, active.Count, visible.Count - active.Count, contributions,
            policy.Name, policy.Version, Explanation.Reason(verdict, fused, decision, adjudication, clusters.Names, policy),
            adjudication, Explanation.Likelihood(decision.Probability),
            Explanation.Credibility(verdict, decision.Probability, active.Count, policy), Explanation.DecisionTable(fused, decision, policy)),
            decision.Verdict);
    }

    internal readonly record struct Weighed(
        SourceTrust Trust, TrackRecord Track, bool Interested, double Weight, double Belief, double Disbelief,
        double Support, double Refute, double Hold, double Doubt = 0, bool Admission = false);

    private static Weighed Weigh(Word word, SourceProfile profile, TrackRecord track, ClaimEvidence evidence, ScoringPolicy policy)
    {
        var a = word.Effective;
        var trust = ReliabilityLearner.Trust(profile.Grade, track, policy);
        var interested = IsInterested(profile, evidence.Parties);
        // A borrowed word keeps the trust of the stance its source actually took (the skill it exercised) and may carry
        // only a share of its opinion (Q3); its own words have factor 1 and their own stance, as before.
        var said = word.Assertion.Stance;
        var factor = word.Borrowed?.Factor ?? 1.0;
        switch (a.Stance)
        {
            case Stance.Supports:
                // Rule 7: a party conceding what harms it is worth more; denying or holding back is self-serving.
                var admits = said == Stance.Supports && Admits(profile, evidence);
                var b = Math.Min(Fusion.Discount(said == Stance.Refutes ? trust.Refutes : trust.Supports, a.Hedge, interested, policy, admits), policy.MaxTrust) * factor;
                return new(trust, track, interested, b, b, 0, Fusion.Evidence(b, policy), 0, 0, Admission: admits);
            case Stance.Refutes:
                var d = Math.Min(Fusion.Discount(said == Stance.Supports ? trust.Supports : trust.Refutes, a.Hedge, interested, policy), policy.MaxTrust) * factor;
                return new(trust, track, interested, d, 0, d, 0, Fusion.Evidence(d, policy), 0);
            case Stance.CannotConfirm:
                // Holding back is a skill of knowing when a claim is true: judged by the supports trust.
                var h = Fusion.Discount(trust.Supports, a.Hedge, interested, policy) * policy.CannotConfirmHold;
                return new(trust, track, interested, h, 0, 0, 0, 0, Math.Clamp(h, 0, 1));
            default:
                // A report carries no belief (rule 5); only a record of relaying false rumours makes it doubt.
                var q = ReliabilityLearner.ReportsDoubt(track, policy);
                return new(trust, track, interested, q, 0, 0, 0, 0, 0, q > 0 ? Fusion.Evidence(q, policy) : 0);
        }
    }

    /// <summary>True when the source belongs to a party the claim would harm and to no party of unknown direction:
    /// a source also in another party may be serving that one, so its word stays discounted.</summary>
    internal static bool Admits(SourceProfile profile, ClaimEvidence evidence)
    {
        if (evidence.HarmedParties is not { Count: > 0 } harmed) return false;
        var harmedParty = false;
        foreach (var g in profile.Groups)
        {
            if (!Contains(evidence.Parties, g)) continue;
            if (!Contains(harmed, g)) return false;
            harmedParty = true;
        }
        return harmedParty;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var v in values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    internal static bool IsInterested(SourceProfile profile, IReadOnlyList<string> parties)
    {
        foreach (var g in profile.Groups)
        {
            foreach (var p in parties)
            {
                if (string.Equals(g, p, StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }
}
