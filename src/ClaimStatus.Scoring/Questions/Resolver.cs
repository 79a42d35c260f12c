using System.Globalization;

namespace ClaimStatus.Scoring.Questions;

/// <summary>The resolution steps (QUESTIONS.md): borrowed evidence makes related claims agree almost always, but party
/// discounts, CANNOT_CONFIRM, dependence clusters and the share of Q3 are per claim, so scoring alone cannot promise the
/// invariants. These steps do, in this order, each starting from what the ones before left.</summary>
internal static class Resolver
{
    private readonly record struct Step(ResolutionStep Kind, string CausedBy, string Why);

    public static IReadOnlyList<ClaimAssessment> Resolve(
        ClaimGraph graph, IReadOnlyList<ClaimEvidence> claims, (ClaimAssessment Assessment, Verdict EvidenceVerdict)[] scored, ScoringPolicy policy)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < claims.Count; i++) index[claims[i].ClaimId] = i;
        double P(string id) => scored[index[id]].Assessment.Probability;
        Verdict Evidence(string id) => scored[index[id]].EvidenceVerdict;

        // R1: adjudications, in the order they were decided, fix the truth of every claim their truth settles.
        var adjudicated = claims.Select((c, i) => (c.ClaimId, scored[i].Assessment.Adjudication))
            .Where(x => x.Adjudication is not null)
            .OrderBy(x => x.Adjudication!.DecidedAt).ThenBy(x => x.ClaimId, StringComparer.Ordinal)
            .Select(x => (x.ClaimId, x.Adjudication!.Truth));
        var truths = Consequences.Of(graph, adjudicated);
        bool Open(string id) => index.ContainsKey(id) && !truths.ContainsKey(id);

        var steps = new Dictionary<string, Step>(StringComparer.Ordinal);
        // R2: a DENIED claim denies every claim that implies it.
        var denied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in claims.Where(c => Open(c.ClaimId) && Evidence(c.ClaimId) == Verdict.Denied)) denied.Add(c.ClaimId);
        foreach (var c in claims.Where(c => denied.Contains(c.ClaimId) && Evidence(c.ClaimId) == Verdict.Denied).ToList())
        {
            foreach (var a in graph.Implicants(c.ClaimId).Where(a => Open(a) && denied.Add(a)))
                steps[a] = new(ResolutionStep.ImpliedDenied, c.ClaimId, $"R2: it implies '{c.ClaimId}', which is DENIED, so it is DENIED.");
        }

        // R3: a CONFIRMED claim confirms every claim it implies (none of them is DENIED: R2 would have denied this one).
        var confirmed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in claims.Where(c => Open(c.ClaimId) && !denied.Contains(c.ClaimId) && Evidence(c.ClaimId) == Verdict.Confirmed))
            confirmed.Add(c.ClaimId);
        foreach (var c in claims.Where(c => confirmed.Contains(c.ClaimId)).ToList())
        {
            foreach (var d in graph.Implied(c.ClaimId).Where(d => Open(d) && !denied.Contains(d) && confirmed.Add(d)))
                steps[d] = new(ResolutionStep.ImplicantConfirmed, c.ClaimId, $"R3: '{c.ClaimId}', which implies it, is CONFIRMED, so it is CONFIRMED.");
        }

        // R4: of the CONFIRMED alternatives of one question only the one with the highest P stays (none on a tie), and
        // with a demoted claim go the claims that imply it (R3 must keep holding).
        foreach (var set in graph.Sets)
        {
            var rivals = set.Members.Where(confirmed.Contains).ToList();
            if (rivals.Count < 2) continue;
            var best = rivals.Max(P);
            var leaders = rivals.Where(m => P(m) == best).ToList();
            var leader = leaders.Count == 1 ? leaders[0] : null;
            foreach (var m in rivals.Where(m => m != leader))
            {
                var why = leader is null
                    ? string.Create(CultureInfo.InvariantCulture, $"R4: alternatives of '{set.Id}' tie for the lead at P {best:0.000}, so none of them is CONFIRMED.")
                    : string.Create(CultureInfo.InvariantCulture, $"R4: its rival '{leader}' in '{set.Id}' leads (P {best:0.000} against {P(m):0.000}), so only that one is CONFIRMED.");
                Demote(m, new(ResolutionStep.RivalLeads, leader ?? set.Id, why));
            }
        }

        var result = new ClaimAssessment[claims.Count];
        for (var i = 0; i < claims.Count; i++)
        {
            var (a, evidenceVerdict) = scored[i];
            var id = a.ClaimId;
            // A claim's own adjudication fixes its own status, as for a claim alone.
            if (a.Adjudication is not null) { result[i] = a; continue; }
            if (truths.TryGetValue(id, out var t))
            {
                var verdict = t.Truth == Truth.True ? Verdict.Confirmed : Verdict.Denied;
                result[i] = Apply(a, verdict, new(ResolutionStep.AdjudicationOfRelated, t.Root, evidenceVerdict,
                    $"R1: the adjudication of '{t.Root}' settles it: {t.Step}, so it is {Word(verdict)}."), policy);
                continue;
            }
            var final = denied.Contains(id) ? Verdict.Denied : confirmed.Contains(id) ? Verdict.Confirmed : Verdict.Unverified;
            result[i] = final == evidenceVerdict || !steps.TryGetValue(id, out var step)
                ? a with { Verdict = final }
                : Apply(a, final, new(step.Kind, step.CausedBy, evidenceVerdict, step.Why), policy);
        }
        return result;

        void Demote(string claim, Step why)
        {
            if (!confirmed.Remove(claim)) return;
            steps[claim] = why;
            foreach (var a in graph.Implicants(claim).Where(confirmed.Contains))
            {
                confirmed.Remove(a);
                steps[a] = new(why.Kind, claim, $"R4: it implies '{claim}', which is not CONFIRMED ({why.Why}), so it is not CONFIRMED either.");
            }
        }
    }

    private static ClaimAssessment Apply(ClaimAssessment a, Verdict verdict, Resolution resolution, ScoringPolicy policy) => a with
    {
        Verdict = verdict,
        Resolution = resolution,
        Reason = $"{resolution.Why} The evidence alone gives {Word(resolution.EvidenceVerdict)}: {a.Reason}",
        Credibility = Explanation.Credibility(verdict, a.Probability, a.AssertionsUsed, policy),
    };

    private static string Word(Verdict v) => v.ToString().ToUpperInvariant();
}
