using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Tests.Storage;

// Audit: who recorded each row, kept through replays by anyone else.
public abstract partial class ClaimStoreTests
{
    [StoreFact]
    public async Task A_source_keeps_its_last_changer_and_an_unchanged_upsert_leaves_it()
    {
        var created = await store.UpsertSourceAsync(p + "s", "S", SourceKind.NewsOutlet, Grade.B, [], "alice", None);
        Assert.Equal("alice", created.RecordedBy);

        var unchanged = await store.UpsertSourceAsync(p + "s", "S", SourceKind.NewsOutlet, Grade.B, [], "bob", None);
        Assert.Equal("alice", unchanged.RecordedBy);

        var changed = await store.UpsertSourceAsync(p + "s", "S", SourceKind.NewsOutlet, Grade.C, [], "carol", None);
        Assert.Equal("carol", changed.RecordedBy);
        Assert.Equal("carol", (await store.GetSourceAsync(p + "s", None))!.RecordedBy);
        Assert.Equal("carol", Assert.Single(await store.ListSourcesAsync(p, 10, None), s => s.Id == p + "s").RecordedBy);

        Assert.Equal(StoreRules.Anonymous, (await Source("anon")).RecordedBy);
    }

    [StoreFact]
    public async Task A_claim_keeps_its_first_writer_through_replays_one_by_one_and_in_batches()
    {
        var (first, created) = await store.CreateClaimAsync(new(p + "c", "C", ["t"], [], [], "alice"), None);
        Assert.True(created);
        Assert.Equal("alice", first.RecordedBy);

        var (replay, again) = await store.CreateClaimAsync(new(p + "c", "C", ["t"], [], [], "bob"), None);
        Assert.False(again);
        Assert.Equal("alice", replay.RecordedBy);

        var batch = await store.CreateClaimsAsync(
            [new(p + "c", "C", ["t"], [], [], "bob"), new(p + "d", "D", [], [], [], "bob")], None);
        Assert.Equal([(p + "c", false, "alice"), (p + "d", true, "bob")], batch.Select(b => (b.Claim.Id, b.Created, b.Claim.RecordedBy)));
        Assert.Equal("bob", (await store.GetClaimAsync(p + "d", None))!.RecordedBy);
        Assert.Equal(["alice", "bob"], (await store.ListClaimsAsync(p, 2, null, null, None)).Select(c => c.RecordedBy));
    }

    [StoreFact]
    public async Task An_assertion_keeps_its_first_writer_when_another_caller_replays_it()
    {
        await Claim("c");
        await Source("s");
        var first = Assert.Single(await store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 1, "k") with { RecordedBy = "alice" }], None));
        Assert.Equal(("alice", false), (first.Assertion.RecordedBy, first.Replayed));

        var writes = await store.AppendAssertionsAsync(
        [
            Says("c", "s", Stance.Supports, 1, "k") with { RecordedBy = "bob" },
            Says("c", "s", Stance.Refutes, 2, "k2") with { RecordedBy = "bob" },
        ], None);
        Assert.Equal([("alice", true), ("bob", false)], writes.Select(w => (w.Assertion.RecordedBy, w.Replayed)));
        Assert.Equal(["alice", "bob"], (await store.ListAssertionsAsync(p + "c", null, 10, None)).Select(a => a.RecordedBy));
    }

    [StoreFact]
    public async Task An_adjudication_keeps_its_writer_and_rationale_and_a_new_rationale_is_a_conflict()
    {
        await Claim("c");
        var decision = new NewAdjudication(p + "c", Truth.True, Day(3), "note", "two agencies confirmed", "alice");
        var (stored, created) = await store.RecordAdjudicationAsync(decision, None);
        Assert.True(created);
        Assert.Equal(("alice", "two agencies confirmed"), (stored.RecordedBy, stored.Rationale));

        var (replayed, again) = await store.RecordAdjudicationAsync(decision with { RecordedBy = "bob" }, None);
        Assert.False(again);
        Assert.Equal(("alice", "two agencies confirmed"), (replayed.RecordedBy, replayed.Rationale));
        Assert.Equal(stored, Assert.Single(await store.ListAdjudicationsAsync(p + "c", null, 10, None)));

        await Assert.ThrowsAsync<StoreConflictException>(() =>
            store.RecordAdjudicationAsync(decision with { Rationale = "something else" }, None));

        await Claim("plain");
        var (plain, _) = await store.RecordAdjudicationAsync(new NewAdjudication(p + "plain", Truth.False, Day(3), null), None);
        Assert.Equal((StoreRules.Anonymous, (string?)null), (plain.RecordedBy, plain.Rationale));
    }
}
