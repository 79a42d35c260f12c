using ClaimStatus.Server.Telemetry;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// The evidence log: append-only assertions, idempotent by (claim, key).
public sealed partial class SqliteClaimStore
{
    private const string AssertionColumns =
        "a.id, a.claim_id, a.source_id, a.stance, a.hedge, a.evidence, a.observed_at, a.recorded_at, a.reported_via, a.note, a.idem_key, a.recorded_by";

    private const string ExistingClaimIdsSql = "SELECT id FROM claims WHERE id IN (SELECT value FROM json_each(@Ids));";

    private const string ExistingSourceIdsSql = "SELECT id FROM sources WHERE id IN (SELECT value FROM json_each(@Ids));";

    // @Keys is a JSON array of [claim_id, key] pairs; CROSS JOIN keeps json_each as the outer loop,
    // so each pair is one seek on the unique (claim_id, idem_key) index.
    private const string AssertionsByKeySql = $"""
        SELECT {AssertionColumns}
        FROM json_each(@Keys) AS k
        CROSS JOIN assertions AS a
        WHERE a.claim_id = json_extract(k.value, '$[0]') AND a.idem_key = json_extract(k.value, '$[1]');
        """;

    private const string InsertAssertionSql = """
        INSERT INTO assertions (claim_id, source_id, stance, hedge, evidence, observed_at, recorded_at, reported_via, note, idem_key,
                                recorded_by)
        VALUES (@ClaimId, @SourceId, @Stance, @Hedge, @Evidence, @ObservedAt, @RecordedAt, @ReportedVia, @Note, @Key, @RecordedBy)
        ON CONFLICT (claim_id, idem_key) DO NOTHING;
        """;

    private const string DecisionsOfClaimsSql = """
        SELECT claim_id, truth, decided_at FROM adjudications WHERE claim_id IN (SELECT value FROM json_each(@Ids));
        """;

    /// <remarks>Bulk imports are mostly new assertions, so the batch is inserted first (a key already stored
    /// is skipped by the unique index) and only the skipped items are read back to tell replay from conflict;
    /// a conflict throws and the transaction takes the inserted rows back with it.</remarks>
    public Task<IReadOnlyList<AssertionWrite>> AppendAssertionsAsync(IReadOnlyList<NewAssertion> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return Task.FromResult<IReadOnlyList<AssertionWrite>>([]);
        var first = StoreRules.FirstOccurrences(batch);
        var distinct = batch.Where((_, i) => first[i] == i).ToList();
        return WriteAsync<IReadOnlyList<AssertionWrite>>(async (c, tx) =>
        {
            await CheckReferencesAsync(c, tx, batch, ct);

            var recordedAt = DateTimeOffset.UtcNow;
            var newIds = await SqliteSpan.TraceAsync(InsertAssertionSql, distinct, () => Task.FromResult(InsertAssertions(c, tx, distinct, recordedAt)));

            var skipped = distinct.Where(a => !newIds.ContainsKey((a.ClaimId, a.Key))).ToList();
            var stored = skipped.Count == 0 ? [] : await AssertionsByKeyAsync(c, tx, skipped, ct);
            for (var i = 0; i < batch.Count; i++)
            {
                if (first[i] == i && stored.TryGetValue((batch[i].ClaimId, batch[i].Key), out var existing)
                    && !StoreRules.SameContent(batch[i], existing))
                    throw StoreRules.KeyConflict(i, batch[i]);
            }
            await RecomputeLateTracksAsync(c, tx, distinct.Where(a => newIds.ContainsKey((a.ClaimId, a.Key))).ToList(), ct);
            await EnqueueAsync(c, tx, newIds.Keys.Select(k => k.Item1), RescoreCauses.Assertion, ct);

            var writes = new AssertionWrite[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var key = (batch[i].ClaimId, batch[i].Key);
                writes[i] = newIds.TryGetValue(key, out var id)
                    ? new AssertionWrite(Inserted(id, batch[first[i]], recordedAt), Replayed: first[i] != i)
                    : new AssertionWrite(stored[key], Replayed: true);
            }
            return writes;
        }, ct);
    }

    /// <summary>Inserts the rows on one prepared statement, binding each row's values in place, and returns the
    /// ids of the rows stored (a key already stored is skipped: no row changes).</summary>
    /// <remarks>Dapper's per-row parameter objects and the read-back of the new ids cost more than SQLite's own
    /// work here (benchmarks/SERVICE.md, "Streaming import"). Synchronous: the statement does no I/O wait worth
    /// yielding for, and the write gate is held throughout anyway.</remarks>
    private static Dictionary<(string, string), long> InsertAssertions(
        SqliteConnection c, SqliteTransaction tx, List<NewAssertion> rows, DateTimeOffset recordedAt)
    {
        using var command = new SqliteCommand(InsertAssertionSql, c, tx);
        var p = command.Parameters;
        SqliteParameter claimId = p.Add("@ClaimId", SqliteType.Text), sourceId = p.Add("@SourceId", SqliteType.Text),
            stance = p.Add("@Stance", SqliteType.Text), hedge = p.Add("@Hedge", SqliteType.Text),
            evidence = p.Add("@Evidence", SqliteType.Text), observedAt = p.Add("@ObservedAt", SqliteType.Text),
            recorded = p.Add("@RecordedAt", SqliteType.Text), reportedVia = p.Add("@ReportedVia", SqliteType.Text),
            note = p.Add("@Note", SqliteType.Text), key = p.Add("@Key", SqliteType.Text),
            recordedBy = p.Add("@RecordedBy", SqliteType.Text);
        recorded.Value = Time(recordedAt);
        command.Prepare();
        var ids = new Dictionary<(string, string), long>(rows.Count);
        foreach (var a in rows)
        {
            claimId.Value = a.ClaimId;
            sourceId.Value = a.SourceId;
            stance.Value = a.Stance.ToString();
            hedge.Value = a.Hedge.ToString();
            evidence.Value = a.Evidence.ToString();
            observedAt.Value = Time(a.ObservedAt);
            reportedVia.Value = (object?)a.ReportedVia ?? DBNull.Value;
            note.Value = (object?)a.Note ?? DBNull.Value;
            key.Value = a.Key;
            recordedBy.Value = a.RecordedBy;
            if (command.ExecuteNonQuery() == 1) ids[(a.ClaimId, a.Key)] = SQLitePCL.raw.sqlite3_last_insert_rowid(c.Handle);
        }
        return ids;
    }

    /// <summary>The stored form of a row just inserted, without reading it back.</summary>
    private static AssertionRecord Inserted(long id, NewAssertion a, DateTimeOffset recordedAt) => new(
        id, a.ClaimId, a.SourceId, a.Stance, a.Hedge, a.Evidence, StoreRules.Utc(a.ObservedAt), recordedAt,
        a.ReportedVia, a.Note, a.Key, a.RecordedBy);

    /// <summary>Names the first item (in batch order) that refers to a claim or source that does not exist.</summary>
    private static async Task CheckReferencesAsync(
        SqliteConnection c, SqliteTransaction tx,
        IReadOnlyList<NewAssertion> batch, CancellationToken ct)
    {
        var claimIds = (await QueryAsync<string>(c, ExistingClaimIdsSql,
            new { Ids = Json(batch.Select(a => a.ClaimId).Distinct()) }, tx, ct)).ToHashSet(StringComparer.Ordinal);
        var sourceIds = (await QueryAsync<string>(c, ExistingSourceIdsSql,
            new { Ids = Json(batch.Select(a => a.SourceId).Concat(batch.Select(a => a.ReportedVia).OfType<string>()).Distinct()) },
            tx, ct)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var a = batch[i];
            if (!claimIds.Contains(a.ClaimId)) throw new MissingReferenceException($"[{i}].claim_id", a.ClaimId);
            if (!sourceIds.Contains(a.SourceId)) throw new MissingReferenceException($"[{i}].source_id", a.SourceId);
            if (a.ReportedVia is not null && !sourceIds.Contains(a.ReportedVia))
                throw new MissingReferenceException($"[{i}].reported_via", a.ReportedVia);
        }
    }

    private static async Task<Dictionary<(string, string), AssertionRecord>> AssertionsByKeyAsync(
        SqliteConnection c, SqliteTransaction tx,
        IEnumerable<NewAssertion> items, CancellationToken ct)
    {
        var keys = System.Text.Json.JsonSerializer.Serialize(items.Select(a => new[] { a.ClaimId, a.Key }));
        var rows = await QueryAsync<AssertionRow>(c, AssertionsByKeySql, new { Keys = keys }, tx, ct);
        return rows.ToDictionary(r => (r.ClaimId, r.IdemKey), r => r.ToRecord());
    }

    /// <summary>An assertion observed before an existing decision changes what the decision teaches,
    /// so those claims' learned records are rebuilt in the same transaction.</summary>
    private static async Task RecomputeLateTracksAsync(
        SqliteConnection c, SqliteTransaction tx,
        IReadOnlyList<NewAssertion> inserted, CancellationToken ct)
    {
        if (inserted.Count == 0) return;
        var decisions = (await QueryAsync<AdjudicationRow>(c, DecisionsOfClaimsSql,
            new { Ids = Json(inserted.Select(a => a.ClaimId).Distinct()) }, tx, ct)).ToDictionary(d => d.ClaimId);
        if (decisions.Count == 0) return;
        var decidedAt = decisions.ToDictionary(d => d.Key, d => ParseTime(d.Value.DecidedAt));
        foreach (var claimId in StoreRules.ClaimsNeedingTrackRecompute(inserted, decidedAt))
        {
            var d = decisions[claimId].ToEvidence();
            await RebuildTrackAsync(c, tx, claimId, d.Truth, d.DecidedAt, ct);
            await EnqueueSharingAsync(c, tx, claimId, ct);
        }
    }

    private const string ListAssertionsSql = $"""
        SELECT {AssertionColumns} FROM assertions AS a
        WHERE a.claim_id = @ClaimId AND (@AfterId IS NULL OR a.id > @AfterId)
        ORDER BY a.id LIMIT @Limit;
        """;

    public async Task<IReadOnlyList<AssertionRecord>> ListAssertionsAsync(string claimId, long? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<AssertionRow>(c, ListAssertionsSql, new { ClaimId = claimId, AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }
}
