using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>What every <see cref="IClaimStore"/> must do, written once; one sealed subclass per provider
/// supplies the store. Tests share the class's database, so every id starts with a per-test prefix.</summary>
public abstract partial class ClaimStoreTests(IClaimStore store)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 10, 1, 0, 0, 0, TimeSpan.Zero);

    // Sorts after nothing else a concurrent test could create, so pages can be checked exactly.
    private readonly string p = Guid.NewGuid().ToString("N")[..12] + "-";

    /// <summary>Rows in the migration journal, read behind the store's back.</summary>
    protected abstract Task<long> AppliedMigrationsAsync();

    /// <summary>The finest time step the database keeps: 100 ns in SQLite's text and SQL Server's
    /// datetimeoffset(7); Babelfish rounds to the microsecond.</summary>
    protected virtual long TimeResolutionTicks => 1;

    private DateTimeOffset AsStored(DateTimeOffset t) =>
        new((t.UtcTicks + TimeResolutionTicks / 2) / TimeResolutionTicks * TimeResolutionTicks, TimeSpan.Zero);

    private static DateTimeOffset Day(double days) => T0.AddDays(days);

    private Task<SourceRecord> Source(string id, Grade grade = Grade.B, params string[] groups) =>
        store.UpsertSourceAsync(p + id, "Source " + id, SourceKind.NewsOutlet, grade, groups, None);

    private async Task<ClaimRecord> Claim(string id, params string[] topics) =>
        (await store.CreateClaimAsync(new(p + id, "Claim " + id, topics, [p + "party"], []), None)).Claim;

    private NewAssertion Says(string claim, string source, Stance stance, double day, string key,
        string? via = null, string? note = null) =>
        new(p + claim, p + source, stance, Hedge.Probable, EvidenceKind.NewsReport, Day(day),
            via is null ? null : p + via, note, key);

    private static ClaimAssessment Assessment(string claimId, Verdict verdict, double probability = 0.9) => new(
        claimId, verdict, T0, probability, 0.8, 0.1, 0.1, 2, 0, 2, 0, [], "test-policy", "v1", "because",
        null, "likely", 2, new Dictionary<string, double>());

    [StoreFact]
    public async Task Ping_answers() => Assert.True(await store.PingAsync(None));

    [StoreFact]
    public async Task Sources_are_upserted_read_back_and_paged_by_id()
    {
        var created = await Source("a", Grade.A, "g1", "g2");
        await Source("b");
        await Source("c");

        Assert.Equal((p + "a", SourceKind.NewsOutlet, Grade.A), (created.Id, created.Kind, created.Grade));
        Assert.Equal(["g1", "g2"], created.Groups);
        Assert.Equal(TimeSpan.Zero, created.CreatedAt.Offset);

        var replayed = await Source("a", Grade.A, "g1", "g2");
        Assert.Equivalent(created, replayed, strict: true);

        var changed = await store.UpsertSourceAsync(p + "a", "Renamed", SourceKind.Government, Grade.C, ["g3"], None);
        Assert.Equal(("Renamed", SourceKind.Government, Grade.C), (changed.Name, changed.Kind, changed.Grade));
        Assert.Equal(["g3"], changed.Groups);
        Assert.Equal(created.CreatedAt, changed.CreatedAt);
        Assert.True(changed.UpdatedAt >= created.UpdatedAt);
        Assert.Equivalent(changed, await store.GetSourceAsync(p + "a", None), strict: true);
        Assert.Null(await store.GetSourceAsync(p + "missing", None));

        var page1 = await store.ListSourcesAsync(p, 2, None);
        Assert.Equal([p + "a", p + "b"], page1.Select(s => s.Id));
        var page2 = await store.ListSourcesAsync(page1[^1].Id, 2, None);
        Assert.Equal(p + "c", page2[0].Id);
    }

    [StoreFact]
    public async Task Creating_an_existing_claim_returns_the_stored_one()
    {
        var (claim, created) = await store.CreateClaimAsync(new(p + "c1", "Troops crossed", ["t1", "t2"], ["ru", "kp"], ["kp"]), None);
        Assert.True(created);
        Assert.Equal((p + "c1", "Troops crossed", (Verdict?)null), (claim.Id, claim.Text, claim.Status));
        Assert.Equal(["t1", "t2"], claim.Topics);
        Assert.Equal(["ru", "kp"], claim.Parties);
        Assert.Equal(["kp"], claim.HarmedParties);

        var (again, createdAgain) = await store.CreateClaimAsync(new(p + "c1", "Other text", [], [], []), None);
        Assert.False(createdAgain);
        Assert.Equivalent(claim, again, strict: true);
        Assert.Equivalent(claim, await store.GetClaimAsync(p + "c1", None), strict: true);
        Assert.Null(await store.GetClaimAsync(p + "nope", None));
    }

    [StoreFact]
    public async Task Claims_filter_by_topic_and_status_and_page()
    {
        var topic = p + "topic";
        await Claim("c1", topic);
        await Claim("c2", topic, p + "other");
        await Claim("c3", p + "other");
        await store.RecordStatusAsync(Assessment(p + "c2", Verdict.Confirmed), "test", Day(1), None);

        Assert.Equal([p + "c1", p + "c2"], await store.ClaimIdsWithTopicAsync(topic, None));
        var page1 = await store.ListClaimsAsync(null, 1, null, topic, None);
        Assert.Equal([p + "c1"], page1.Select(c => c.Id));
        var page2 = await store.ListClaimsAsync(page1[0].Id, 1, null, topic, None);
        Assert.Equal([p + "c2"], page2.Select(c => c.Id));
        Assert.Empty(await store.ListClaimsAsync(page2[0].Id, 1, null, topic, None));

        var confirmed = await store.ListClaimsAsync(null, 10, Verdict.Confirmed, topic, None);
        Assert.Equal([(p + "c2", (Verdict?)Verdict.Confirmed)], confirmed.Select(c => (c.Id, c.Status)));
        Assert.Empty(await store.ListClaimsAsync(null, 10, Verdict.Denied, topic, None));

        var mine = await store.ListClaimsAsync(p, 3, null, null, None);
        Assert.Equal([p + "c1", p + "c2", p + "c3"], mine.Select(c => c.Id));
    }

    [StoreFact]
    public async Task Appended_assertions_are_stored_in_order_with_utc_times()
    {
        await Claim("c");
        await Source("s");
        await Source("relay");
        var observed = new DateTimeOffset(2024, 10, 3, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        var batch = new[]
        {
            Says("c", "s", Stance.Supports, 1, "k1", note: "first"),
            new NewAssertion(p + "c", p + "s", Stance.Refutes, Hedge.Certain, EvidenceKind.Intelligence, observed, p + "relay", null, "k2"),
        };

        var writes = await store.AppendAssertionsAsync(batch, None);

        Assert.All(writes, w => Assert.False(w.Replayed));
        Assert.True(writes[0].Assertion.Id < writes[1].Assertion.Id);
        var second = writes[1].Assertion;
        Assert.Equal((Stance.Refutes, Hedge.Certain, EvidenceKind.Intelligence, p + "relay", (string?)null, "k2"),
            (second.Stance, second.Hedge, second.Evidence, second.ReportedVia, second.Note, second.Key));
        Assert.Equal(AsStored(observed), second.ObservedAt);
        Assert.Equal(TimeSpan.Zero, second.ObservedAt.Offset);
        Assert.Equal(TimeSpan.Zero, second.RecordedAt.Offset);

        var listed = await store.ListAssertionsAsync(p + "c", null, 10, None);
        Assert.Equal(writes.Select(w => w.Assertion), listed);
        Assert.Equal([writes[1].Assertion], await store.ListAssertionsAsync(p + "c", writes[0].Assertion.Id, 10, None));
        Assert.Equal([writes[0].Assertion], await store.ListAssertionsAsync(p + "c", null, 1, None));
    }

    [StoreFact]
    public async Task A_batch_with_a_missing_reference_stores_nothing_and_names_the_field()
    {
        await Claim("c");
        await Source("s");
        var good = Says("c", "s", Stance.Supports, 1, "k1");

        var source = await Assert.ThrowsAsync<MissingReferenceException>(() =>
            store.AppendAssertionsAsync([good, Says("c", "s", Stance.Supports, 1, "k2"), Says("c", "ghost", Stance.Supports, 1, "k3")], None));
        Assert.Equal(("[2].source_id", p + "ghost"), (source.Field, source.Id));

        var claim = await Assert.ThrowsAsync<MissingReferenceException>(() =>
            store.AppendAssertionsAsync([good, Says("nowhere", "s", Stance.Supports, 1, "k2")], None));
        Assert.Equal(("[1].claim_id", p + "nowhere"), (claim.Field, claim.Id));

        var relay = await Assert.ThrowsAsync<MissingReferenceException>(() =>
            store.AppendAssertionsAsync([Says("c", "s", Stance.Reports, 1, "k4", via: "ghost-outlet"), good], None));
        Assert.Equal(("[0].reported_via", p + "ghost-outlet"), (relay.Field, relay.Id));

        Assert.Empty(await store.ListAssertionsAsync(p + "c", null, 10, None));
    }

    [StoreFact]
    public async Task A_reused_key_is_a_replay_with_the_same_content_and_a_conflict_otherwise()
    {
        await Claim("c");
        await Claim("d");
        await Source("s");
        var a = Says("c", "s", Stance.Supports, 1, "a");
        var stored = (await store.AppendAssertionsAsync([a], None))[0].Assertion;

        var mixed = await store.AppendAssertionsAsync([a, Says("c", "s", Stance.Refutes, 2, "b"), Says("d", "s", Stance.Refutes, 2, "a")], None);
        Assert.Equal([true, false, false], mixed.Select(w => w.Replayed));
        Assert.Equal(stored, mixed[0].Assertion);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() =>
            store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 3, "new"), a with { Note = "edited" }], None));
        Assert.Equal("[1].key", conflict.Field);

        var twice = await store.AppendAssertionsAsync([Says("c", "s", Stance.Reports, 4, "e"), Says("c", "s", Stance.Reports, 4, "e")], None);
        Assert.Equal([false, true], twice.Select(w => w.Replayed));
        Assert.Equal(twice[0].Assertion, twice[1].Assertion);

        var inBatch = await Assert.ThrowsAsync<StoreConflictException>(() =>
            store.AppendAssertionsAsync([Says("c", "s", Stance.Reports, 4, "f"), Says("c", "s", Stance.Refutes, 4, "f")], None));
        Assert.Equal("[1].key", inBatch.Field);

        Assert.Equal(["a", "b", "e"], (await store.ListAssertionsAsync(p + "c", null, 10, None)).Select(x => x.Key));
    }

    [StoreFact]
    public async Task Concurrent_appends_of_one_key_store_it_once()
    {
        await Claim("c");
        await Source("s");
        var a = Says("c", "s", Stance.Supports, 1, "same");

        var writes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.AppendAssertionsAsync([a], None))));

        Assert.Single(writes, w => !w[0].Replayed);
        Assert.Single(writes.Select(w => w[0].Assertion.Id).Distinct());
        Assert.Single(await store.ListAssertionsAsync(p + "c", null, 10, None));
    }

    [StoreFact]
    public async Task Migrating_again_changes_nothing()
    {
        await Source("kept");
        var applied = await AppliedMigrationsAsync();
        Assert.True(applied >= 1);

        await store.MigrateAsync(None);
        await store.MigrateAsync(None);

        Assert.Equal(applied, await AppliedMigrationsAsync());
        Assert.NotNull(await store.GetSourceAsync(p + "kept", None));
    }
}
