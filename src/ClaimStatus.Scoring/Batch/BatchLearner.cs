namespace ClaimStatus.Scoring.Batch;

/// <summary>Relearns every source's track record from many adjudicated claims at once: the same credit
/// as <see cref="ReliabilityLearner.Credit"/> summed per source, over columnar inputs.</summary>
public static class BatchLearner
{
    /// <param name="claims">The adjudicated claims' assertions (AsOfTicks is not used).</param>
    /// <param name="truths">Each claim's adjudicated truth.</param>
    /// <param name="decidedTicks">Each claim's decision time: only words said by then are credited.</param>
    /// <param name="records">One record per source index; credits are added to what is there.</param>
    public static void Learn(ClaimBatch claims, ReadOnlySpan<Truth> truths, ReadOnlySpan<long> decidedTicks, Span<TrackRecord> records)
    {
        var latest = new int[records.Length];
        Array.Fill(latest, -1);
        var touched = new List<int>();
        for (var c = 0; c < claims.Count; c++)
        {
            var assertions = claims.Assertions.AsSpan(claims.ClaimStart[c], claims.ClaimStart[c + 1] - claims.ClaimStart[c]);
            touched.Clear();
            for (var i = 0; i < assertions.Length; i++)
            {
                ref readonly var a = ref assertions[i];
                if (a.ObservedTicks > decidedTicks[c]) continue;
                var j = latest[a.Source];
                if (j < 0) { latest[a.Source] = i; touched.Add(a.Source); }
                else if (a.ObservedTicks > assertions[j].ObservedTicks || (a.ObservedTicks == assertions[j].ObservedTicks && a.Id > assertions[j].Id)) latest[a.Source] = i;
            }
            var isTrue = truths[c] == Truth.True;
            foreach (var s in touched)
            {
                ref var r = ref records[s];
                switch (assertions[latest[s]].Stance)
                {
                    case Stance.Supports when isTrue: r = r with { SupportsRight = r.SupportsRight + 1 }; break;
                    case Stance.Supports: r = r with { SupportsWrong = r.SupportsWrong + 1 }; break;
                    case Stance.Refutes when isTrue: r = r with { RefutesWrong = r.RefutesWrong + 1 }; break;
                    case Stance.Refutes: r = r with { RefutesRight = r.RefutesRight + 1 }; break;
                    case Stance.Reports when isTrue: r = r with { ReportsTrue = r.ReportsTrue + 1 }; break;
                    case Stance.Reports: r = r with { ReportsFalse = r.ReportsFalse + 1 }; break;
                }
                latest[s] = -1;
            }
        }
    }
}
