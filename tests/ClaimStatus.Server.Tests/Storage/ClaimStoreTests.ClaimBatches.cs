using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Tests.Storage;

// Many claims created in one write (BatchCreateClaims): all or nothing, replays return the stored claim.
public abstract partial class ClaimStoreTests
{
    private NewClaim ToCreate(string id, string[]? topics = null, string? text = null, string[]? parties = null, string[]? harmed = null) =>
        new(p + id, text ?? "Claim " + id, topics ?? [], parties ?? [], harmed ?? []);

    [StoreFact]
    public async Task A_batch_of_claims_is_stored_in_request_order_with_its_topics()
    {
        var batch = new[]
        {
            ToCreate("b", [p + "t1", p + "t2"], parties: ["kp", "ru"], harmed: ["ru"]),
            ToCreate("a", [p + "t1"]),
            ToCreate("b", [p + "t2", p + "t1"], parties: ["ru", "kp"], harmed: ["ru"]),
        };

        var stored = await store.CreateClaimsAsync(batch, None);

        Assert.Equal([(p + "b", true), (p + "a", true), (p + "b", false)], stored.Select(s => (s.Claim.Id, s.Created)));
        Assert.Equal(("Claim b", (Verdict?)null), (stored[0].Claim.Text, stored[0].Claim.Status));
        Assert.Equal([p + "t1", p + "t2"], stored[0].Claim.Topics);
        Assert.Equal(["kp", "ru"], stored[0].Claim.Parties);
        Assert.Equal(["ru"], stored[0].Claim.HarmedParties);
        Assert.Empty(stored[1].Claim.HarmedParties);
        Assert.Equivalent(stored[0].Claim, stored[2].Claim, strict: true);
        Assert.Equivalent(stored[0].Claim, await store.GetClaimAsync(p + "b", None), strict: true);
        Assert.Equal(TimeSpan.Zero, stored[1].Claim.CreatedAt.Offset);
        Assert.Equivalent(stored[1].Claim, await store.GetClaimAsync(p + "a", None), strict: true);
        Assert.Equal([p + "a", p + "b"], await store.ClaimIdsWithTopicAsync(p + "t1", None));
        Assert.Equal([p + "b"], await store.ClaimIdsWithTopicAsync(p + "t2", None));
        Assert.Empty(await store.CreateClaimsAsync([], None));
    }

    [StoreFact]
    public async Task A_batch_replays_stored_claims_with_the_same_content_in_any_topic_order()
    {
        var (earlier, _) = await store.CreateClaimAsync(new(p + "old", "Claim old", [p + "x", p + "y"], ["ru"], []), None);

        var stored = await store.CreateClaimsAsync(
            [ToCreate("new", [p + "x"]), ToCreate("old", [p + "y", p + "x"], parties: ["ru"])], None);

        Assert.Equal([true, false], stored.Select(s => s.Created));
        Assert.Equivalent(earlier, stored[1].Claim, strict: true);
        Assert.Equal([p + "new", p + "old"], await store.ClaimIdsWithTopicAsync(p + "x", None));

        var again = await store.CreateClaimsAsync(
            [ToCreate("new", [p + "x"]), ToCreate("old", [p + "x", p + "y"], parties: ["ru"])], None);
        Assert.Equal([false, false], again.Select(s => s.Created));
        Assert.Equivalent(stored[0].Claim, again[0].Claim, strict: true);
    }

    [StoreFact]
    public async Task A_batch_with_a_stored_claim_of_other_content_stores_nothing_and_names_it()
    {
        var (earlier, _) = await store.CreateClaimAsync(new(p + "old", "Claim old", [p + "t"], [], []), None);

        var conflicts = new[]
        {
            ToCreate("old", [p + "t"], text: "Other text"),
            ToCreate("old", [p + "t", p + "u"]),
            ToCreate("old", [p + "t"], parties: ["kp"]),
            ToCreate("old", [p + "t"], parties: [], harmed: ["kp"]),
        };
        foreach (var conflict in conflicts)
        {
            var ex = await Assert.ThrowsAsync<StoreConflictException>(() => store.CreateClaimsAsync(
                [ToCreate("fresh1", [p + "t"]), conflict, ToCreate("fresh2", [p + "u"])], None));
            Assert.Equal("[1].id", ex.Field);
        }

        Assert.Null(await store.GetClaimAsync(p + "fresh1", None));
        Assert.Null(await store.GetClaimAsync(p + "fresh2", None));
        Assert.Equal([p + "old"], await store.ClaimIdsWithTopicAsync(p + "t", None));
        Assert.Empty(await store.ClaimIdsWithTopicAsync(p + "u", None));
        Assert.Equivalent(earlier, await store.GetClaimAsync(p + "old", None), strict: true);
    }

    [StoreFact]
    public async Task A_batch_repeating_an_id_with_other_content_stores_nothing()
    {
        var ex = await Assert.ThrowsAsync<StoreConflictException>(() => store.CreateClaimsAsync(
            [ToCreate("a"), ToCreate("b"), ToCreate("a", text: "Other text")], None));

        Assert.Equal("[2].id", ex.Field);
        Assert.Null(await store.GetClaimAsync(p + "a", None));
        Assert.Null(await store.GetClaimAsync(p + "b", None));
    }

    [StoreFact]
    public async Task Concurrent_batches_sharing_claims_store_each_once()
    {
        var batches = Enumerable.Range(0, 6)
            .Select(k => Enumerable.Range(k, 20).Select(i => ToCreate($"c{i:D2}", [p + "t"])).ToList())
            .ToList();

        var results = await Task.WhenAll(batches.Select(b => store.CreateClaimsAsync(b, None)));

        Assert.Equal(25, results.SelectMany(r => r).Count(s => s.Created));
        var ids = Enumerable.Range(0, 25).Select(i => $"{p}c{i:D2}").ToList();
        Assert.Equal(ids, await store.ClaimIdsWithTopicAsync(p + "t", None));
        var createdAt = results.SelectMany(r => r).GroupBy(s => s.Claim.Id).ToList();
        Assert.All(createdAt, g => Assert.Single(g.Select(s => s.Claim.CreatedAt).Distinct()));
    }
}

public abstract partial class ClaimStoreTests
{
    // Every character JSON escapes or SQL quotes, which a batch's rows must carry through unchanged.
    const string Awkward = "Seoul's \"1,500\" \\ troops\t— Пхеньян 平壤 😀 <&>";

    [StoreFact]
    [BabelfishCannot(BabelfishLimits.JsonStringEscapes)]
    public async Task Batches_carry_quotes_backslashes_and_any_unicode_unchanged()
    {
        await Source("s");
        var claims = await store.CreateClaimsAsync(
            [ToCreate("q", [p + Awkward], text: Awkward, parties: [Awkward, "ru"], harmed: [Awkward])], None);
        var claim = await store.GetClaimAsync(p + "q", None);
        Assert.Equal(Awkward, claim!.Text);
        Assert.Equal([p + Awkward], claim.Topics);
        Assert.Equal([Awkward, "ru"], claim.Parties);
        Assert.Equal([Awkward], claim.HarmedParties);
        Assert.Equivalent(claims[0].Claim, claim, strict: true);
        Assert.Equal([p + "q"], await store.ClaimIdsWithTopicAsync(p + Awkward, None));

        var writes = await store.AppendAssertionsAsync([Says("q", "s", Stance.Supports, 1, "k", note: Awkward)], None);
        Assert.Equal(Awkward, writes[0].Assertion.Note);
        Assert.Equal(Awkward, (await store.ListAssertionsAsync(p + "q", null, 10, None)).Single().Note);
        // The same content again is a replay, not a conflict: the stored text compares equal to what was sent.
        Assert.True((await store.AppendAssertionsAsync([Says("q", "s", Stance.Supports, 1, "k", note: Awkward)], None)).Single().Replayed);
        Assert.False((await store.CreateClaimsAsync([ToCreate("q", [p + Awkward], text: Awkward, parties: ["ru", Awkward], harmed: [Awkward])], None)).Single().Created);
    }
}
