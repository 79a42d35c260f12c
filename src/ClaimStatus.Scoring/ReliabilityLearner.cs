namespace ClaimStatus.Scoring;

/// <summary>What an adjudication teaches about the sources that spoke on the claim.</summary>
public static class ReliabilityLearner
{
    /// <summary>The track-record increment of each source for one adjudicated claim: only the source's
    /// latest assertion observed at or before the decision counts (its earlier word was superseded),
    /// and CANNOT_CONFIRM teaches nothing.</summary>
    public static IReadOnlyList<(string SourceId, TrackRecord Credit)> Credit(
        IEnumerable<AssertionEvidence> claimAssertions, Truth truth, DateTimeOffset decidedAt)
    {
        var latest = new Dictionary<string, AssertionEvidence>(StringComparer.Ordinal);
        foreach (var a in claimAssertions)
        {
            if (a.ObservedAt > decidedAt) continue;
            if (!latest.TryGetValue(a.SourceId, out var seen) || IsLater(a, seen)) latest[a.SourceId] = a;
        }

        var credits = new List<(string, TrackRecord)>(latest.Count);
        foreach (var (sourceId, a) in latest)
        {
            var isTrue = truth == Truth.True;
            TrackRecord? credit = a.Stance switch
            {
                Stance.Supports => isTrue ? new(1, 0, 0, 0, 0, 0) : new(0, 1, 0, 0, 0, 0),
                Stance.Refutes => isTrue ? new(0, 0, 0, 1, 0, 0) : new(0, 0, 1, 0, 0, 0),
                Stance.Reports => isTrue ? new(0, 0, 0, 0, 1, 0) : new(0, 0, 0, 0, 0, 1),
                _ => null,
            };
            if (credit is { } c) credits.Add((sourceId, c));
        }
        return credits;
    }

    /// <summary>What a source's word is worth per stance: the grade's prior for the stance blended with the learned
    /// record as a Beta mean, (right + w prior) / (right + wrong + w), capped below certainty.</summary>
    public static SourceTrust Trust(Grade grade, TrackRecord record, ScoringPolicy policy)
    {
        var prior = policy.GradePriors(grade);
        var w = policy.PriorWeight;
        var supports = (record.SupportsRight + w * prior.Supports) / (record.SupportsRight + record.SupportsWrong + w);
        var refutes = (record.RefutesRight + w * prior.Refutes) / (record.RefutesRight + record.RefutesWrong + w);
        return new(Math.Min(supports, policy.MaxTrust), Math.Min(refutes, policy.MaxTrust));
    }

    /// <summary>How much a source's REPORTS is worth as doubt: how far its relayed rumours proved false more
    /// often than true, (ReportsFalse - ReportsTrue) / (ReportsTrue + ReportsFalse + w), floored at 0 and capped
    /// below certainty. With no record (or a record of true rumours) a report adds nothing (rule 5).</summary>
    public static double ReportsDoubt(TrackRecord record, ScoringPolicy policy)
    {
        var doubt = (record.ReportsFalse - record.ReportsTrue) / (record.ReportsTrue + record.ReportsFalse + policy.PriorWeight);
        return Math.Clamp(doubt, 0, policy.MaxTrust);
    }

    /// <summary>Later observation wins; on a tie the later-stored assertion (higher id) wins.</summary>
    public static bool IsLater(AssertionEvidence a, AssertionEvidence b) =>
        a.ObservedAt > b.ObservedAt || (a.ObservedAt == b.ObservedAt && a.Id > b.Id);
}

/// <summary>Trust in a source's support and in its refutation, each in [0, 1].</summary>
public readonly record struct SourceTrust(double Supports, double Refutes);
