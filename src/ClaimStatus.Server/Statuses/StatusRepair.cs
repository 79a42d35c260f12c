using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Statuses;

/// <summary>Recomputes every claim's status and stores a transition (cause "repair") for each whose stored status
/// disagrees. It goes through the outbox like any write, so a server running beside it is never overwritten with
/// an older result: a claim written meanwhile keeps its newer outbox row and the server's worker rescores it.</summary>
public sealed class StatusRepair(IClaimStore store, ClaimAssessor assessor)
{
    /// <returns>How many stored statuses were wrong (and are now fixed), and how many claims there are.</returns>
    public async Task<(int Repaired, int Claims)> RunAsync(CancellationToken ct)
    {
        var (repaired, claims) = (0, 0);
        string? after = null;
        while (true)
        {
            var page = await store.ListClaimsAsync(after, RescoreQueue.BatchSize, null, null, ct);
            if (page.Count == 0) return (repaired, claims);
            var ids = page.Select(c => c.Id).ToList();
            await store.EnqueueRescoresAsync(ids, RescoreCauses.Repair, ct);
            var pending = (await store.PendingRescoresOfAsync(ids, ct)).Where(p => p.Cause == RescoreCauses.Repair).ToList();
            var stored = page.ToDictionary(c => c.Id, c => c.Status, StringComparer.Ordinal);
            var assessed = await assessor.RescoreAsync(pending, ct);
            repaired += assessed.Count(a => stored[a.ClaimId] != a.Verdict);
            claims += page.Count;
            after = page[^1].Id;
        }
    }
}
