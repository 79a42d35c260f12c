using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Tests.Storage;

// The rescoring outbox: what each status-moving write leaves behind, and the version check that keeps an older
// result from overwriting a newer one.
public abstract partial class ClaimStoreTests
{
    private async Task<PendingRescore?> PendingOf(string id) =>
        (await store.PendingRescoresOfAsync([p + id], None)).SingleOrDefault();

    [StoreFact]
    public async Task Each_status_moving_write_leaves_its_claims_in_the_outbox()
    {
        await Source("s", Grade.B, "g");
        await Claim("c");
        var created = (await PendingOf("c"))!;
        Assert.Equal(RescoreCauses.Created, created.Cause);

        await store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 1, "k1")], None);
        var asserted = (await PendingOf("c"))!;
        Assert.Equal((created.Version + 1, RescoreCauses.Assertion), (asserted.Version, asserted.Cause));

        // A replay changes nothing, so it moves nothing.
        await store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 1, "k1")], None);
        Assert.Equal(asserted, await PendingOf("c"));

        // Rescored: the row goes. A source renamed leaves it gone; a source regraded brings it back.
        await store.RecordRescoredAsync([new(asserted, Assessment(p + "c", Verdict.Unverified))], Day(2), None);
        Assert.Null(await PendingOf("c"));
        await store.UpsertSourceAsync(p + "s", "Renamed", SourceKind.NewsOutlet, Grade.B, ["g"], None);
        Assert.Null(await PendingOf("c"));
        await store.UpsertSourceAsync(p + "s", "Renamed", SourceKind.NewsOutlet, Grade.D, ["g"], None);
        Assert.Equal(RescoreCauses.SourceChanged, (await PendingOf("c"))!.Cause);

        // An adjudication: the claim, and (set-based) every claim sharing a source with it.
        await Claim("other");
        await Claim("unrelated");
        await store.AppendAssertionsAsync([Says("other", "s", Stance.Refutes, 1, "k2")], None);
        var drained = await store.PendingRescoresOfAsync([p + "c", p + "other", p + "unrelated"], None);
        await store.RecordRescoredAsync([.. drained.Select(d => new RescoredClaim(d, Assessment(d.ClaimId, Verdict.Unverified)))], Day(2), None);
        Assert.Empty(await store.PendingRescoresOfAsync([p + "c", p + "other", p + "unrelated"], None));

        await store.RecordAdjudicationAsync(new(p + "c", Truth.True, Day(3), null), None);
        Assert.Equal(RescoreCauses.Adjudication, (await PendingOf("c"))!.Cause);
        Assert.Equal(RescoreCauses.LearnedReliability, (await PendingOf("other"))!.Cause);
        Assert.Null(await PendingOf("unrelated"));
    }

    [StoreFact]
    public async Task A_write_that_fails_leaves_nothing_in_the_outbox()
    {
        await Source("s");
        await Claim("c");
        var before = (await PendingOf("c"))!;

        await Assert.ThrowsAsync<MissingReferenceException>(() =>
            store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 1, "k1"), Says("c", "ghost", Stance.Supports, 1, "k2")], None));

        Assert.Equal(before, await PendingOf("c"));
    }

    [StoreFact]
    public async Task A_result_computed_for_an_older_version_is_not_stored_and_the_row_stays()
    {
        await Source("s");
        await Claim("c");
        var v1 = (await PendingOf("c"))!;
        await store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 1, "k1")], None);
        var v2 = (await PendingOf("c"))!;

        // Scored before the assertion arrived, stored after it: nothing is stored, the newer row stays.
        Assert.Empty(await store.RecordRescoredAsync([new(v1, Assessment(p + "c", Verdict.Denied))], Day(1), None));
        Assert.Null((await store.GetClaimAsync(p + "c", None))!.Status);
        Assert.Empty(await store.ListTransitionsAsync(p + "c", null, 10, None));
        Assert.Equal(v2, await PendingOf("c"));

        var stored = await store.RecordRescoredAsync([new(v2, Assessment(p + "c", Verdict.Confirmed))], Day(2), None);
        Assert.Equal([(p + "c", (Verdict?)null, Verdict.Confirmed, RescoreCauses.Assertion)], stored.Select(t => (t.ClaimId, t.From, t.To, t.Cause)));
        Assert.Equal(Verdict.Confirmed, (await store.GetClaimAsync(p + "c", None))!.Status);
        Assert.Null(await PendingOf("c"));

        // The same result again (a second rescoring of v2 that lost the race) finds the row gone and stores nothing.
        Assert.Empty(await store.RecordRescoredAsync([new(v2, Assessment(p + "c", Verdict.Denied))], Day(3), None));
        Assert.Equal(Verdict.Confirmed, (await store.GetClaimAsync(p + "c", None))!.Status);
    }

    [StoreFact]
    public async Task Enqueued_claims_are_listed_oldest_first_and_unknown_ones_are_refused()
    {
        await Claim("a");
        await Claim("b");
        await store.EnqueueRescoresAsync([p + "b", p + "a"], RescoreCauses.Repair, None);
        Assert.All(await store.PendingRescoresOfAsync([p + "a", p + "b"], None), r => Assert.Equal(RescoreCauses.Repair, r.Cause));
        Assert.NotEmpty(await store.PendingRescoresAsync(10, None));
        var missing = await Assert.ThrowsAsync<MissingReferenceException>(() => store.EnqueueRescoresAsync([p + "ghost"], RescoreCauses.Repair, None));
        Assert.Equal("claim_id", missing.Field);
    }
}
