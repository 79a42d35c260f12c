using ClaimStatus.Scoring;
using ClaimStatus.Server.Grpc;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Tests.Storage;

// The kept current assessments: when a stored report may answer a read as of now, and that it then says exactly
// what scoring the evidence would.
public abstract partial class ClaimStoreTests
{
    /// <summary>Deletes a claim's outbox row behind the store's back, as a replica of the previous version rescoring it
    /// (which keeps no reports) would.</summary>
    protected abstract Task ForgetPendingAsync(string claimId);

    /// <summary>Stores a certain SUPPORTS observed at T0 behind the store's back, recording no rescoring: a write
    /// that lost its invalidation.</summary>
    protected abstract Task AppendBehindTheOutboxAsync(string claimId, string sourceId, string key);

    private IClaimStore StoreUnderTest => store;

    /// <summary>A clock moved by hand, in whole milliseconds (Babelfish keeps microseconds).</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    // Each test's times lie years from the others': valid_until looks at every adjudication in the shared database.
    private static DateTimeOffset Epoch(int years) => T0.AddYears(years);

    private async Task<IReadOnlyList<StoredAssessment>> Current(string id, string policy, DateTimeOffset now, bool full = true) =>
        await store.CurrentAssessmentsAsync([p + id], policy, now, full, None);

    [StoreFact]
    public async Task A_rescored_claim_keeps_its_report_which_answers_only_while_nothing_is_pending()
    {
        var at = Epoch(20);
        await Source("s", Grade.B, "g");
        await Claim("c");
        var assessment = Assessment(p + "c", Verdict.Confirmed) with { AsOf = at };
        Assert.Empty(await Current("c", "v1", at.AddDays(1)));

        await store.RecordRescoredAsync([new((await PendingOf("c"))!, assessment)], at, None);
        var stored = Assert.Single(await Current("c", "v1", at.AddDays(1)));
        Assert.Equal(Mapping.ToContract(assessment with { AsOf = at.AddDays(1) }, full: true), CurrentReports.Decode(stored, at.AddDays(1)));
        var basic = Assert.Single(await Current("c", "v1", at.AddDays(1), full: false));
        Assert.Null(basic.Detail);
        Assert.Equal(Mapping.ToContract(assessment with { AsOf = at.AddDays(1) }, full: false), CurrentReports.Decode(basic, at.AddDays(1)));

        // Another policy's report, or a read before it was computed, is not an answer.
        Assert.Empty(await Current("c", "v2", at.AddDays(1)));
        Assert.Empty(await Current("c", "v1", at.AddDays(-1)));

        // A write puts the claim back in the outbox: its reads go to the evidence until it is rescored.
        await store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 1, "k1")], None);
        Assert.Empty(await Current("c", "v1", at.AddDays(1)));
        var later = assessment with { AsOf = at.AddDays(2), Verdict = Verdict.Denied };
        await store.RecordRescoredAsync([new((await PendingOf("c"))!, later)], at.AddDays(2), None);
        Assert.Equal(ClaimStatus.Contracts.V1.Status.Denied, CurrentReports.Decode(Assert.Single(await Current("c", "v1", at.AddDays(3))), at.AddDays(3)).Status);
    }

    [StoreFact]
    public async Task A_claim_of_more_than_a_thousand_contributions_keeps_only_its_basic_report()
    {
        var at = Epoch(70);
        await Claim("big");
        var contributions = Enumerable.Range(1, CurrentReports.MaxKeptContributions + 1).Select(i => new AssertionContribution(
            new AssertionEvidence(i, p + "s", Stance.Supports, Hedge.Probable, EvidenceKind.NewsReport, T0, null), Grade.B, default,
            0.8, 0.8, "g", false, false, false, 0.8, 0.5, 0, 0.5, 0.001, 0, "why")).ToList();
        var assessment = Assessment(p + "big", Verdict.Confirmed) with { AsOf = at, Contributions = contributions };
        await store.RecordRescoredAsync([new((await PendingOf("big"))!, assessment)], at, None);

        var basic = Assert.Single(await Current("big", "v1", at.AddDays(1), full: false));
        Assert.Equal(Mapping.ToContract(assessment with { AsOf = at.AddDays(1) }, full: false), CurrentReports.Decode(basic, at.AddDays(1)));
        // Its FULL reads score the evidence.
        Assert.Empty(await Current("big", "v1", at.AddDays(1), full: true));
    }

    [StoreFact]
    public async Task Future_dated_evidence_ends_the_reports_window_and_a_new_policy_makes_it_stale()
    {
        var at = Epoch(30);
        await Source("s");
        await Claim("c");
        await store.AppendAssertionsAsync([new NewAssertion(p + "c", p + "s", Stance.Supports, Hedge.Probable, EvidenceKind.NewsReport,
            at.AddMinutes(4), null, null, "k1")], None);
        await store.RecordRescoredAsync([new((await PendingOf("c"))!, Assessment(p + "c", Verdict.Unverified) with { AsOf = at })], at, None);

        Assert.Single(await Current("c", "v1", at.AddMinutes(3)));
        Assert.DoesNotContain(await store.StaleAssessmentsAsync("v1", at.AddMinutes(3), 1000, None), s => s.ClaimId == p + "c");
        // From the assertion's time on, the same evidence scores differently: the report no longer answers, and the
        // worker is told to rescore the claim.
        Assert.Empty(await Current("c", "v1", at.AddMinutes(4)));
        Assert.Contains(new StaleAssessment(p + "c", RescoreCauses.EvidenceDue), await store.StaleAssessmentsAsync("v1", at.AddMinutes(4), 100_000, None));
        Assert.Contains(new StaleAssessment(p + "c", RescoreCauses.PolicyChanged), await store.StaleAssessmentsAsync("v0", at.AddMinutes(3), 100_000, None));

        // Once in the outbox it is not reported again.
        await store.EnqueueRescoresAsync([p + "c"], RescoreCauses.EvidenceDue, None);
        Assert.DoesNotContain(await store.StaleAssessmentsAsync("v1", at.AddMinutes(4), 100_000, None), s => s.ClaimId == p + "c");
    }

    /// <summary>Random evidence, adjudications and source changes, rescored the way the service does (the write's own
    /// rescoring, sometimes deferred to the worker); after every step each claim whose kept report answers a read as
    /// of now must equal the evidence scored now, field for field.</summary>
    [StoreTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Kept_reports_equal_a_fresh_scoring_after_any_sequence_of_writes(int seed)
    {
        var run = new ExactnessRun(this, seed, Epoch(40 + seed));
        await run.SetUpAsync();
        for (var step = 0; step < 60; step++)
        {
            var written = await run.RandomWriteAsync();
            await run.RescoreAsync(written);
            Assert.Empty(await run.MismatchesAsync($"seed {seed} step {step}"));
        }
        // With the outbox drained and time moved past every future-dated word, every claim answers from its report.
        run.Clock.Now = run.Clock.Now.AddMinutes(10);
        await run.DrainAsync();
        Assert.Empty(await run.MismatchesAsync($"seed {seed} drained"));
        Assert.Equal(run.Claims.Count, run.LastCompared);
    }

    [StoreFact]
    public async Task The_exactness_check_catches_a_report_left_stale_by_a_lost_invalidation()
    {
        var run = new ExactnessRun(this, 7, Epoch(50));
        await run.SetUpAsync();
        Assert.Empty(await run.MismatchesAsync("set up"));
        Assert.Equal(run.Claims.Count, run.LastCompared);

        await AppendBehindTheOutboxAsync(run.Claims[0], run.Sources[0], "lost");
        var caught = await run.MismatchesAsync("after a write that recorded no rescoring");
        Assert.Contains(caught, m => m.Contains(run.Claims[0], StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task An_outbox_row_deleted_without_a_new_report_takes_the_old_report_with_it()
    {
        var at = Epoch(60);
        await Source("s");
        await Claim("c");
        await store.RecordRescoredAsync([new((await PendingOf("c"))!, Assessment(p + "c", Verdict.Unverified) with { AsOf = at })], at, None);
        Assert.Single(await Current("c", "v1", at.AddDays(1)));

        // A write, then its rescoring by a replica of the previous version: the outbox row goes, no report is written.
        await store.AppendAssertionsAsync([Says("c", "s", Stance.Supports, 1, "k1")], None);
        await ForgetPendingAsync(p + "c");
        Assert.Empty(await Current("c", "v1", at.AddDays(1)));
    }

    private sealed class ExactnessRun(ClaimStoreTests test, int seed, DateTimeOffset start)
    {
        private readonly Random random = new(seed);
        private readonly List<string> sources = [];
        private readonly HashSet<string> adjudicated = [];
        private int keys;

        public ManualClock Clock { get; } = new(start);
        public List<string> Claims { get; } = [];
        public IReadOnlyList<string> Sources => sources;
        public int LastCompared { get; private set; }

        private IClaimStore Store => test.StoreUnderTest;
        private ClaimAssessor? assessor;
        private RescoreQueue? queue;
        private ClaimAssessor Assessor => assessor!;
        private RescoreQueue Queue => queue!;

        public async Task SetUpAsync()
        {
            var feed = new TransitionFeed(Store, Options.Create(new WatchOptions()), NullLogger<TransitionFeed>.Instance);
            assessor = new ClaimAssessor(Store, ScoringPolicy.Default, Clock, feed);
            queue = new RescoreQueue(Assessor, Store, Clock, NullLogger<RescoreQueue>.Instance);
            var grades = new[] { Grade.A, Grade.B, Grade.C, Grade.E, Grade.F, Grade.F };
            for (var i = 0; i < grades.Length; i++)
            {
                var id = $"{test.p}x{seed}-s{i}";
                await Store.UpsertSourceAsync(id, id, SourceKind.NewsOutlet, grades[i], [$"g{random.Next(3)}"], None);
                sources.Add(id);
            }
            for (var i = 0; i < 8; i++)
            {
                var id = $"{test.p}x{seed}-c{i}";
                await Store.CreateClaimAsync(new(id, id, [], i % 3 == 0 ? ["g0"] : [], i % 3 == 0 ? ["g1"] : []), None);
                Claims.Add(id);
            }
            await Queue.AfterWriteAsync(Claims);
        }

        /// <summary>One write, as a caller makes it; returns the claims the call itself would rescore.</summary>
        public async Task<IReadOnlyList<string>> RandomWriteAsync()
        {
            Clock.Now = Clock.Now.AddSeconds(random.Next(1, 120));
            var roll = random.Next(100);
            if (roll < 65)
            {
                var claim = Claims[random.Next(Claims.Count)];
                var (source, relay) = (random.Next(sources.Count), random.Next(sources.Count));
                // Mostly the past, sometimes a word dated a few minutes ahead (the validator allows five).
                var observed = roll < 8 ? Clock.Now.AddMinutes(random.Next(1, 4)) : Clock.Now.AddMinutes(-random.Next(0, 600));
                await Store.AppendAssertionsAsync([new NewAssertion(claim, sources[source],
                    (Stance)random.Next(4), (Hedge)random.Next(3), EvidenceKind.NewsReport, observed,
                    relay != source && random.Next(4) == 0 ? sources[relay] : null, null, $"k{keys++}")], None);
                return [claim];
            }
            if (roll < 80)
            {
                var open = Claims.Where(c => !adjudicated.Contains(c)).ToList();
                if (open.Count > 0)
                {
                    var claim = open[random.Next(open.Count)];
                    adjudicated.Add(claim);
                    var decided = random.Next(4) == 0 ? Clock.Now.AddMinutes(2) : Clock.Now.AddMinutes(-random.Next(0, 60));
                    await Store.RecordAdjudicationAsync(new(claim, random.Next(2) == 0 ? Truth.True : Truth.False, decided, null), None);
                    return [claim];
                }
            }
            var changed = sources[random.Next(sources.Count)];
            await Store.UpsertSourceAsync(changed, changed, SourceKind.NewsOutlet, (Grade)random.Next(6), [$"g{random.Next(3)}"], None);
            return [];
        }

        /// <summary>The call's own rescoring of what it wrote, deferred at times (its rows left for the worker), and
        /// now and then a round of the worker.</summary>
        public async Task RescoreAsync(IReadOnlyList<string> written)
        {
            if (random.Next(4) != 0) await Queue.AfterWriteAsync(written);
            if (random.Next(3) == 0) await Queue.WorkOnceAsync(None);
        }

        public async Task DrainAsync()
        {
            for (var round = 0; round < 20; round++) await Queue.WorkOnceAsync(None);
            Assert.Empty(await Store.PendingRescoresOfAsync(Claims, None));
        }

        /// <summary>Every claim whose kept report answers now, compared with the evidence scored now.</summary>
        public async Task<List<string>> MismatchesAsync(string where)
        {
            var now = Clock.Now;
            var stored = await Store.CurrentAssessmentsAsync(Claims, Assessor.Policy.Version, now, full: true, None);
            var fresh = (await Assessor.AssessAsync([.. stored.Select(s => s.ClaimId)], now, None)).ToDictionary(a => a.ClaimId);
            LastCompared = stored.Count;
            // Scoring now reads the running totals; each claim must see what summing the track rows gives it.
            var totals = new List<string>();
            foreach (var evidence in await Store.LoadEvidenceAsync(Claims, now, None))
            {
                var summed = await Store.LoadTrackRecordsAsync([.. evidence.Sources.Keys], now, evidence.ClaimId, None);
                if (!evidence.TrackRecords.OrderBy(t => t.Key).SequenceEqual(summed.OrderBy(t => t.Key)))
                    totals.Add($"{where}: {evidence.ClaimId} learned records differ from the summed track rows");
            }
            return [.. totals, .. stored
                .Select(s => (s.ClaimId, Kept: CurrentReports.Decode(s, now), Fresh: Mapping.ToContract(fresh[s.ClaimId], full: true)))
                .Where(x => !x.Kept.Equals(x.Fresh))
                .Select(x => $"{where}: {x.ClaimId} kept {x.Kept.Status} p={x.Kept.Probability}, fresh {x.Fresh.Status} p={x.Fresh.Probability}")];
        }
    }
}
