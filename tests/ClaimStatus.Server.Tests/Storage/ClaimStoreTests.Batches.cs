using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Tests.Storage;

// Statuses stored for many claims in one write, as the rescoring worker does after an import.
public abstract partial class ClaimStoreTests
{
    [StoreFact]
    public async Task A_batch_of_statuses_stores_only_the_changes_in_claim_order()
    {
        await Claim("b");
        await Claim("a");
        await Claim("c");
        var earlier = (await store.RecordStatusAsync(Assessment(p + "c", Verdict.Denied), "x", Day(1), None))!;

        var stored = await store.RecordStatusesAsync(
            [Assessment(p + "b", Verdict.Confirmed), Assessment(p + "c", Verdict.Denied), Assessment(p + "a", Verdict.Unverified)],
            "assertion", Day(2), None);

        // c was already DENIED, so only a and b move, in id order, each from its own previous status.
        Assert.Equal([(p + "a", (Verdict?)null, Verdict.Unverified), (p + "b", null, Verdict.Confirmed)],
            stored.Select(t => (t.ClaimId, t.From, t.To)));
        Assert.True(stored[0].Id > earlier.Id && stored[1].Id > stored[0].Id);
        Assert.All(stored, t => Assert.Equal((Day(2), "assertion"), (t.TransitionTime, t.Cause)));
        Assert.Equal(stored, await store.TransitionsAfterAsync(earlier.Id, 10, None));
        Assert.Equal(Verdict.Confirmed, (await store.GetClaimAsync(p + "b", None))!.Status);

        var again = await store.RecordStatusesAsync(
            [Assessment(p + "a", Verdict.Unverified), Assessment(p + "b", Verdict.Denied)], "learned-reliability", Day(3), None);
        Assert.Equal([(p + "b", (Verdict?)Verdict.Confirmed, Verdict.Denied)], again.Select(t => (t.ClaimId, t.From, t.To)));
        Assert.Empty(await store.RecordStatusesAsync([], "x", Day(4), None));
    }

    [StoreFact]
    public async Task A_batch_with_an_unknown_claim_stores_nothing()
    {
        await Claim("a");
        var before = await store.LatestTransitionIdAsync(None);

        var missing = await Assert.ThrowsAsync<MissingReferenceException>(() => store.RecordStatusesAsync(
            [Assessment(p + "a", Verdict.Confirmed), Assessment(p + "ghost", Verdict.Denied)], "x", Day(1), None));

        Assert.Equal("claim_id", missing.Field);
        Assert.Empty(await store.ListTransitionsAsync(p + "a", null, 10, None));
        Assert.Null((await store.GetClaimAsync(p + "a", None))!.Status);
        Assert.DoesNotContain(await store.TransitionsAfterAsync(before, 100, None), t => t.ClaimId.StartsWith(p, StringComparison.Ordinal));
    }
}
