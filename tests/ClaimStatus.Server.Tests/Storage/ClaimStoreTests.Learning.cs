using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;

namespace ClaimStatus.Server.Tests.Storage;

// Evidence as of a time, adjudications, learned track records and the status history.
public abstract partial class ClaimStoreTests
{
    private static TrackRecord Track(int supportsRight = 0, int supportsWrong = 0, int refutesRight = 0,
        int refutesWrong = 0, int reportsTrue = 0, int reportsFalse = 0) =>
        new(supportsRight, supportsWrong, refutesRight, refutesWrong, reportsTrue, reportsFalse);

    private Task<(AdjudicationRecord Adjudication, bool Created)> Adjudicate(string claim, Truth truth, double day) =>
        store.RecordAdjudicationAsync(new NewAdjudication(p + claim, truth, Day(day), null), None);

    [StoreFact]
    public async Task Evidence_holds_only_what_was_known_as_of_the_time()
    {
        await Claim("c");
        await Source("author", Grade.A, "gov");
        await Source("outlet", Grade.E);
        await Source("late");
        await store.AppendAssertionsAsync(
        [
            Says("c", "author", Stance.Supports, 1, "k1", via: "outlet"),
            Says("c", "late", Stance.Refutes, 3, "k2"),
        ], None);
        await Adjudicate("c", Truth.True, 5);

        var early = Assert.Single(await store.LoadEvidenceAsync([p + "c", p + "missing"], Day(2), None));
        Assert.Equal((p + "c", Day(2)), (early.ClaimId, early.AsOf));
        Assert.Equal([p + "party"], early.Parties);
        var only = Assert.Single(early.Assertions);
        Assert.Equal((p + "author", Stance.Supports, Day(1), p + "outlet"), (only.SourceId, only.Stance, only.ObservedAt, only.ReportedVia));
        Assert.Equal([p + "author", p + "outlet"], early.Sources.Keys.Order());
        var author = early.Sources[p + "author"];
        Assert.Equal((p + "author", SourceKind.NewsOutlet, Grade.A), (author.Id, author.Kind, author.Grade));
        Assert.Equal(["gov"], author.Groups);
        Assert.Equal(Grade.E, early.Sources[p + "outlet"].Grade);
        Assert.Null(early.Adjudication);

        var decided = Assert.Single(await store.LoadEvidenceAsync([p + "c"], Day(5), None));
        Assert.Equal(2, decided.Assertions.Count);
        Assert.Equal((Truth.True, Day(5)), (decided.Adjudication!.Truth, decided.Adjudication.DecidedAt));
        Assert.Empty(decided.TrackRecords);
    }

    [StoreFact]
    public async Task Evidence_names_the_parties_the_claim_would_harm()
    {
        await store.CreateClaimAsync(new(p + "admits", "Claim admits", [], [p + "ru", p + "kp"], [p + "kp"]), None);
        await Claim("plain");

        var evidence = (await store.LoadEvidenceAsync([p + "admits", p + "plain"], Day(2), None)).ToDictionary(e => e.ClaimId);
        Assert.Equal([p + "ru", p + "kp"], evidence[p + "admits"].Parties);
        Assert.Equal([p + "kp"], evidence[p + "admits"].HarmedParties);
        Assert.Empty(evidence[p + "plain"].HarmedParties!);
    }

    [StoreFact]
    public async Task Track_records_leave_out_the_claims_own_and_future_adjudications()
    {
        await Source("s");
        foreach (var c in new[] { "right", "wrong", "open" }) await Claim(c);
        await store.AppendAssertionsAsync(
        [
            Says("right", "s", Stance.Supports, 0.5, "k"),
            Says("wrong", "s", Stance.Supports, 0.5, "k"),
            Says("open", "s", Stance.Supports, 0.5, "k"),
        ], None);
        await Adjudicate("right", Truth.True, 1);
        await Adjudicate("wrong", Truth.False, 3);
        string[] s = [p + "s"];

        Assert.Empty(await store.LoadTrackRecordsAsync(s, Day(1), null, None));
        Assert.Equal(Track(supportsRight: 1), (await store.LoadTrackRecordsAsync(s, Day(2), null, None))[p + "s"]);
        Assert.Equal(Track(supportsRight: 1, supportsWrong: 1), (await store.LoadTrackRecordsAsync(s, Day(4), null, None))[p + "s"]);
        Assert.Equal(Track(supportsWrong: 1), (await store.LoadTrackRecordsAsync(s, Day(4), p + "right", None))[p + "s"]);
        Assert.Empty(await store.LoadTrackRecordsAsync(s, Day(2), p + "right", None));

        var evidence = (await store.LoadEvidenceAsync([p + "open", p + "right", p + "wrong"], Day(4), None))
            .ToDictionary(e => e.ClaimId);
        Assert.Equal(Track(supportsRight: 1, supportsWrong: 1), evidence[p + "open"].TrackRecords[p + "s"]);
        Assert.Equal(Track(supportsWrong: 1), evidence[p + "right"].TrackRecords[p + "s"]);
        Assert.Equal(Track(supportsRight: 1), evidence[p + "wrong"].TrackRecords[p + "s"]);
        Assert.Empty(Assert.Single(await store.LoadEvidenceAsync([p + "right"], Day(2), None)).TrackRecords);
    }

    [StoreFact]
    public async Task An_adjudication_is_stored_once_replayed_or_refused()
    {
        await Claim("c");
        var (first, created) = await Adjudicate("c", Truth.False, 2);
        Assert.True(created);
        Assert.Equal((p + "c", Truth.False, Day(2)), (first.ClaimId, first.Truth, first.DecidedAt));

        var (again, createdAgain) = await Adjudicate("c", Truth.False, 2);
        Assert.False(createdAgain);
        Assert.Equal(first, again);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Adjudicate("c", Truth.True, 2));
        Assert.Equal("claim_id", conflict.Field);
        var missing = await Assert.ThrowsAsync<MissingReferenceException>(() => Adjudicate("ghost", Truth.True, 2));
        Assert.Equal(("claim_id", p + "ghost"), (missing.Field, missing.Id));

        Assert.Equal([first], await store.ListAdjudicationsAsync(p + "c", null, 10, None));
        Assert.Empty(await store.ListAdjudicationsAsync(p + "c", first.Id, 10, None));
    }

    [StoreFact]
    public async Task A_late_assertion_observed_before_the_decision_updates_track_records()
    {
        await Claim("c");
        foreach (var s in new[] { "s1", "s2", "s3" }) await Source(s);
        await store.AppendAssertionsAsync([Says("c", "s1", Stance.Supports, 1, "k1")], None);
        await Adjudicate("c", Truth.True, 5);
        string[] all = [p + "s1", p + "s2", p + "s3"];
        Assert.Equal(Track(supportsRight: 1), (await store.LoadTrackRecordsAsync(all, Day(10), null, None))[p + "s1"]);

        await store.AppendAssertionsAsync([Says("c", "s2", Stance.Refutes, 2, "k2")], None);
        await store.AppendAssertionsAsync([Says("c", "s1", Stance.Refutes, 3, "k3"), Says("c", "s3", Stance.Refutes, 6, "k4")], None);

        var tracks = await store.LoadTrackRecordsAsync(all, Day(10), null, None);
        Assert.Equal(Track(refutesWrong: 1), tracks[p + "s1"]);
        Assert.Equal(Track(refutesWrong: 1), tracks[p + "s2"]);
        Assert.False(tracks.ContainsKey(p + "s3"));
    }

    [StoreFact]
    public async Task Status_changes_are_kept_as_transitions()
    {
        await Claim("c");
        var first = await store.RecordStatusAsync(Assessment(p + "c", Verdict.Confirmed, 0.95), "assertion", Day(1), None);
        Assert.NotNull(first);
        Assert.Equal((p + "c", (Verdict?)null, Verdict.Confirmed, Day(1), 0.95, 0.1, "v1", "assertion"),
            (first.ClaimId, first.From, first.To, first.TransitionTime, first.Probability, first.Uncertainty, first.PolicyVersion, first.Cause));

        Assert.Null(await store.RecordStatusAsync(Assessment(p + "c", Verdict.Confirmed, 0.97), "assertion", Day(2), None));
        var second = await store.RecordStatusAsync(Assessment(p + "c", Verdict.Denied, 0.1), "adjudication", Day(3), None);
        Assert.Equal((Verdict?)Verdict.Confirmed, second!.From);
        Assert.True(second.Id > first.Id);

        Assert.Equal(Verdict.Denied, (await store.GetClaimAsync(p + "c", None))!.Status);
        Assert.Equal([first, second], await store.ListTransitionsAsync(p + "c", null, 10, None));
        Assert.Equal([second], await store.ListTransitionsAsync(p + "c", first.Id, 10, None));
        Assert.Equal([first], await store.ListTransitionsAsync(p + "c", null, 1, None));
        var missing = await Assert.ThrowsAsync<MissingReferenceException>(() =>
            store.RecordStatusAsync(Assessment(p + "ghost", Verdict.Denied), "x", Day(1), None));
        Assert.Equal("claim_id", missing.Field);
    }

    [StoreFact]
    public async Task Concurrent_equal_statuses_make_one_transition()
    {
        await Claim("c");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => store.RecordStatusAsync(Assessment(p + "c", Verdict.Confirmed), "x", Day(1), None))));
        Assert.Single(results, r => r is not null);
        Assert.Single(await store.ListTransitionsAsync(p + "c", null, 10, None));
    }

    [StoreFact]
    public async Task Transitions_after_an_id_feed_watches_in_order()
    {
        await Claim("c1");
        await Claim("c2");
        var before = await store.LatestTransitionIdAsync(None);

        var t1 = (await store.RecordStatusAsync(Assessment(p + "c1", Verdict.Confirmed), "x", Day(1), None))!;
        var t2 = (await store.RecordStatusAsync(Assessment(p + "c2", Verdict.Denied), "x", Day(1), None))!;

        Assert.Equal([t1, t2], await store.TransitionsAfterAsync(before, 10, None));
        Assert.Equal([t2], await store.TransitionsAfterAsync(t1.Id, 10, None));
        Assert.Equal([t1], await store.TransitionsAfterAsync(before, 1, None));
        Assert.Equal(t2.Id, await store.LatestTransitionIdAsync(None));
        Assert.Empty(await store.TransitionsAfterAsync(t2.Id, 10, None));
    }

    [StoreFact]
    public async Task Claims_sharing_sources_are_those_any_of_its_authors_spoke_on()
    {
        foreach (var c in new[] { "target", "a", "b", "relayed", "unrelated" }) await Claim(c);
        foreach (var s in new[] { "s1", "s2", "s3", "s4" }) await Source(s);
        await store.AppendAssertionsAsync(
        [
            Says("target", "s1", Stance.Supports, 1, "k1"),
            Says("target", "s2", Stance.CannotConfirm, 1, "k2"),
            Says("a", "s1", Stance.Refutes, 1, "k"),
            Says("b", "s2", Stance.Reports, 1, "k"),
            Says("relayed", "s4", Stance.Supports, 1, "k", via: "s1"),
            Says("unrelated", "s3", Stance.Supports, 1, "k"),
        ], None);

        Assert.Equal([p + "a", p + "b"], await store.ClaimsSharingSourcesAsync(p + "target", None));
        Assert.Equal([p + "target"], await store.ClaimsSharingSourcesAsync(p + "a", None));
    }
}
