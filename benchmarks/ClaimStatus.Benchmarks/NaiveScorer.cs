using ClaimStatus.Scoring;

namespace ClaimStatus.Benchmarks;

/// <summary>The baseline: the same formula written the obvious way with LINQ, strings and lists.</summary>
public static class NaiveScorer
{
    public static Verdict Score(ClaimEvidence e, ScoringPolicy p)
    {
        var active = e.Assertions.Select((a, i) => (a, i)).Where(x => x.a.ObservedAt <= e.AsOf)
            .GroupBy(x => x.a.SourceId)
            .Select(g => g.OrderByDescending(x => x.a.ObservedAt).ThenByDescending(x => x.a.Id).ThenBy(x => x.i).First())
            .OrderBy(x => x.i)
            .Select(x => x.a)
            .ToList();
        var keys = active.Select(a => e.Sources[a.SourceId].Groups.Select(g => "g:" + g)
            .Append("s:" + a.SourceId).Concat(a.ReportedVia is null ? [] : ["s:" + a.ReportedVia]).ToList()).ToList();
        var cluster = Enumerable.Range(0, active.Count).ToArray();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (i, j) in from i in Enumerable.Range(0, active.Count) from j in Enumerable.Range(0, active.Count)
                     where i < j && cluster[i] != cluster[j] && keys[i].Intersect(keys[j]).Any() select (i, j))
            {
                var (from, to) = (Math.Max(cluster[i], cluster[j]), Math.Min(cluster[i], cluster[j]));
                cluster = cluster.Select(c => c == from ? to : c).ToArray();
                changed = true;
            }
        }
        var weighed = active.Select((a, i) =>
        {
            var s = e.Sources[a.SourceId];
            var trust = ReliabilityLearner.Trust(s.Grade, e.TrackRecords.GetValueOrDefault(a.SourceId), p);
            var interested = s.Groups.Intersect(e.Parties).Any();
            var admits = interested && a.Stance == Stance.Supports && s.Groups.Intersect(e.Parties).All(g => (e.HarmedParties ?? []).Contains(g));
            double Ev(double t) => Fusion.Evidence(Math.Min(Fusion.Discount(t, a.Hedge, interested, p, admits), p.MaxTrust), p);
            return (Cluster: cluster[i], a.Stance,
                Support: a.Stance == Stance.Supports ? Ev(trust.Supports) : 0,
                Refute: a.Stance == Stance.Refutes ? Ev(trust.Refutes) : 0,
                Hold: a.Stance == Stance.CannotConfirm ? Math.Clamp(Fusion.Discount(trust.Supports, a.Hedge, interested, p) * p.CannotConfirmHold, 0, 1) : 0,
                Doubt: a.Stance == Stance.Reports ? Doubt(e.TrackRecords.GetValueOrDefault(a.SourceId), p) : 0);
        }).ToList();
        var groups = weighed.GroupBy(w => w.Cluster).Select(g => (
            Support: g.Max(w => w.Support), Refute: g.Max(w => w.Refute), Hold: g.Max(w => w.Hold), Doubt: g.Max(w => w.Doubt),
            Reports: g.Any(w => w.Stance == Stance.Reports))).ToList();
        var fused = new FusedEvidence(groups.Sum(g => g.Support), groups.Sum(g => g.Refute),
            groups.Aggregate(1.0, (h, g) => g.Hold > 0 ? h * (1 - g.Hold) : h),
            groups.Count(g => g.Support > 0), groups.Count(g => g.Refute > 0), groups.Count(g => g.Reports), groups.Sum(g => g.Doubt));
        var adjudication = e.Adjudication is { } adj && adj.DecidedAt <= e.AsOf ? adj : null;
        return adjudication is null ? Fusion.Decide(fused, p).Verdict
            : adjudication.Truth == Truth.True ? Verdict.Confirmed : Verdict.Denied;
    }

    private static double Doubt(TrackRecord track, ScoringPolicy p)
    {
        var q = ReliabilityLearner.ReportsDoubt(track, p);
        return q > 0 ? Fusion.Evidence(q, p) : 0;
    }

    /// <summary>Relearning the obvious way: every claim's credits summed into a dictionary.</summary>
    public static Dictionary<string, TrackRecord> Learn(IReadOnlyList<ClaimEvidence> claims, IReadOnlyList<Truth> truths) =>
        claims.SelectMany((c, i) => ReliabilityLearner.Credit(c.Assertions, truths[i], c.AsOf))
            .GroupBy(x => x.SourceId)
            .ToDictionary(g => g.Key, g => g.Aggregate(default(TrackRecord), (sum, x) => sum + x.Credit));
}
