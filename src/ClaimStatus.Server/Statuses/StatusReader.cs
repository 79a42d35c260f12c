using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Grpc;
using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Telemetry;

namespace ClaimStatus.Server.Statuses;

/// <summary>Answers status reads. As of now, a claim's kept current assessment answers when it is current (no
/// rescoring pending, the server's policy, the read inside its validity window): one indexed read, no scoring.
/// Otherwise, and for every read as of another time, the evidence is scored. A write rescored its claims before it
/// returned, so a caller reads its own writes from the store; when that rescoring was deferred, the claim's pending
/// row sends its reads to the evidence until the worker catches up, so no read is ever answered from a stale row.</summary>
public sealed class StatusReader(IClaimStore store, ClaimAssessor assessor, TimeProvider clock)
{
    static readonly KeyValuePair<string, object?> Stored = new("claimstatus.read", "stored"), Computed = new("claimstatus.read", "computed");

    /// <summary>Each existing claim's report, as of asOf or (null) now; claims that do not exist are left out. A FULL
    /// report carries every contribution.</summary>
    public async Task<IReadOnlyDictionary<string, StatusReport>> ReadAsync(
        IReadOnlyList<string> claimIds, DateTimeOffset? asOf, bool full, CancellationToken ct)
    {
        var ids = claimIds.Distinct(StringComparer.Ordinal).ToList();
        var reports = new Dictionary<string, StatusReport>(ids.Count, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        if (asOf is null)
        {
            foreach (var stored in await store.CurrentAssessmentsAsync(ids, assessor.Policy.Version, now, full, ct))
                reports[stored.ClaimId] = CurrentReports.Decode(stored, now);
        }
        var storedCount = reports.Count;
        if (storedCount < ids.Count)
        {
            var rest = storedCount == 0 ? ids : ids.Where(id => !reports.ContainsKey(id)).ToList();
            foreach (var assessment in await assessor.AssessAsync(rest, asOf ?? now, ct))
                reports[assessment.ClaimId] = Mapping.ToContract(assessment, full);
        }
        if (storedCount > 0) ClaimStatusTelemetry.StatusReads.Add(storedCount, Stored);
        if (reports.Count > storedCount) ClaimStatusTelemetry.StatusReads.Add(reports.Count - storedCount, Computed);
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("claimstatus.status.stored", storedCount);
            activity.SetTag("claimstatus.status.computed", reports.Count - storedCount);
            // A kept report has no scoring span here (that is in the trace of the write that rescored it), so the
            // answer itself goes on the call.
            if (ids.Count == 1 && storedCount == 1 && reports.TryGetValue(ids[0], out var report))
            {
                activity.SetTag("claimstatus.claim_id", report.ClaimId);
                activity.SetTag("claimstatus.status", report.Status.ToString().ToUpperInvariant());
                activity.SetTag("claimstatus.probability", report.Probability);
            }
        }
        return reports;
    }
}
