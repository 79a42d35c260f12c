using System.Data;
using Dapper;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

// The evidence log: append-only assertions, idempotent by (claim, key).
public sealed partial class SqlServerClaimStore
{
    private const string FirstMissingReferenceSql = """
        SELECT TOP (1) b.ord AS Ord,
               CASE WHEN c.id IS NULL THEN N'claim_id' WHEN s.id IS NULL THEN N'source_id' ELSE N'reported_via' END AS Field,
               CASE WHEN c.id IS NULL THEN b.claim_id WHEN s.id IS NULL THEN b.source_id ELSE b.reported_via END AS Id
        FROM OPENJSON(@Batch) WITH (ord int, claim_id nvarchar(200), source_id nvarchar(200), reported_via nvarchar(200)) AS b
        LEFT JOIN dbo.claims AS c ON c.id = b.claim_id
        LEFT JOIN dbo.sources AS s ON s.id = b.source_id
        LEFT JOIN dbo.sources AS r ON r.id = b.reported_via
        WHERE c.id IS NULL OR s.id IS NULL OR (b.reported_via IS NOT NULL AND r.id IS NULL)
        ORDER BY b.ord;
        """;

    // HOLDLOCK keeps the range of every probed key locked, present or not, until commit: no other replica
    // can insert one of these keys between this check and the insert below. FORCESEEK keeps the lock on
    // those keys only, never a scan of the table.
    private const string StoredOfBatchSql = """
        SELECT a.id, a.claim_id, a.source_id, a.stance, a.hedge, a.evidence, a.observed_at, a.recorded_at,
               a.reported_via, a.note, a.idem_key, a.recorded_by
        FROM OPENJSON(@Batch) WITH (claim_id nvarchar(200), idem_key nvarchar(200)) AS b
        INNER LOOP JOIN dbo.assertions AS a WITH (UPDLOCK, HOLDLOCK, FORCESEEK)
            ON a.claim_id = b.claim_id AND a.idem_key = b.idem_key;
        """;

    // Identity values follow the ORDER BY, so ids keep the order of the request. The new rows are read back by
    // key rather than through OUTPUT: an OUTPUT clause on INSERT ... SELECT ... ORDER BY does not run on Babelfish,
    // the stand-in CI tests against, and the keys are already locked by this transaction.
    private const string InsertBatchSql = """
        INSERT INTO dbo.assertions (claim_id, source_id, stance, hedge, evidence, observed_at, recorded_at, reported_via, note, idem_key,
                                    recorded_by)
        SELECT b.claim_id, b.source_id, b.stance, b.hedge, b.evidence, TODATETIMEOFFSET(b.observed_at, 0),
               TODATETIMEOFFSET(SYSUTCDATETIME(), 0), b.reported_via, b.note, b.idem_key, b.recorded_by
        FROM OPENJSON(@Batch) WITH (ord int, claim_id nvarchar(200), source_id nvarchar(200), stance nvarchar(20), hedge nvarchar(20),
                                    evidence nvarchar(40), observed_at datetime2(7), reported_via nvarchar(200), note nvarchar(4000),
                                    idem_key nvarchar(200), recorded_by nvarchar(400)) AS b
        WHERE NOT EXISTS (SELECT 1 FROM dbo.assertions AS a WITH (UPDLOCK, HOLDLOCK, FORCESEEK)
                          WHERE a.claim_id = b.claim_id AND a.idem_key = b.idem_key)
        ORDER BY b.ord;
        """;

    // The lock on each decision serializes track rebuilds of one claim across replicas, and makes an
    // adjudication being recorded right now wait for this append (or this append wait for it).
    private const string DecisionsOfClaimsSql = """
        SELECT d.claim_id, d.truth, d.decided_at
        FROM @Ids AS i
        INNER LOOP JOIN dbo.adjudications AS d WITH (UPDLOCK, HOLDLOCK, FORCESEEK) ON d.claim_id = i.id;
        """;

    private sealed record MissingReference(int Ord, string Field, string Id);

    public Task<IReadOnlyList<AssertionWrite>> AppendAssertionsAsync(IReadOnlyList<NewAssertion> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return Task.FromResult<IReadOnlyList<AssertionWrite>>([]);
        var first = StoreRules.FirstOccurrences(batch);
        var rows = BatchRows(batch, first);
        return WriteAsync<IReadOnlyList<AssertionWrite>>(async (c, tx) =>
        {
            var missing = await QuerySingleOrDefaultAsync<MissingReference>(c, FirstMissingReferenceSql, new { Batch = rows }, tx, ct);
            if (missing is not null) throw new MissingReferenceException($"[{missing.Ord}].{missing.Field}", missing.Id);

            var stored = (await QueryAsync<AssertionRow>(c, StoredOfBatchSql, new { Batch = rows }, tx, ct))
                .ToDictionary(r => (r.ClaimId, r.IdemKey), r => r.ToRecord());
            for (var i = 0; i < batch.Count; i++)
            {
                if (first[i] == i && stored.TryGetValue((batch[i].ClaimId, batch[i].Key), out var existing)
                    && !StoreRules.SameContent(batch[i], existing))
                    throw StoreRules.KeyConflict(i, batch[i]);
            }

            var fresh = batch.Where((a, i) => first[i] == i && !stored.ContainsKey((a.ClaimId, a.Key))).ToList();
            if (await ExecuteAsync(c, InsertBatchSql, new { Batch = rows }, tx, ct) != fresh.Count) throw new LostRaceException();
            var inserted = (await QueryAsync<AssertionRow>(c, StoredOfBatchSql, new { Batch = rows }, tx, ct))
                .Where(r => !stored.ContainsKey((r.ClaimId, r.IdemKey)))
                .ToDictionary(r => (r.ClaimId, r.IdemKey), r => r.ToRecord());
            await RecomputeLateTracksAsync(c, tx, fresh, ct);
            await EnqueueAsync(c, tx, [.. fresh.Select(a => a.ClaimId).Distinct(StringComparer.Ordinal)], RescoreCauses.Assertion, ct);

            var writes = new AssertionWrite[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var key = (batch[i].ClaimId, batch[i].Key);
                writes[i] = first[i] == i && inserted.TryGetValue(key, out var row)
                    ? new AssertionWrite(row, Replayed: false)
                    : new AssertionWrite(stored.GetValueOrDefault(key) ?? inserted[key], Replayed: true);
            }
            return writes;
        }, ct);
    }

    /// <summary>The first occurrence of each (claim, key) as a JSON array that the statements read with OPENJSON;
    /// ord is its position in the request.</summary>
    private static DbString BatchRows(IReadOnlyList<NewAssertion> batch, int[] first) =>
        JsonRows(batch.Select((a, i) => (a, i)).Where(x => first[x.i] == x.i).Select(x => new AssertionBatchRow(
            Ord: x.i,
            ClaimId: x.a.ClaimId,
            SourceId: x.a.SourceId,
            Stance: x.a.Stance.ToString(),
            Hedge: x.a.Hedge.ToString(),
            Evidence: x.a.Evidence.ToString(),
            ObservedAt: JsonUtc(x.a.ObservedAt),
            ReportedVia: x.a.ReportedVia,
            Note: x.a.Note,
            IdemKey: x.a.Key,
            RecordedBy: x.a.RecordedBy)));

    private sealed record AssertionBatchRow(int Ord, string ClaimId, string SourceId, string Stance, string Hedge, string Evidence,
        string ObservedAt, string? ReportedVia, string? Note, string IdemKey, string RecordedBy);

    /// <summary>An assertion observed before an existing decision changes what the decision teaches,
    /// so those claims' learned records are rebuilt in the same transaction.</summary>
    private static async Task RecomputeLateTracksAsync(
        SqlConnection c, SqlTransaction tx, IReadOnlyList<NewAssertion> inserted, CancellationToken ct)
    {
        if (inserted.Count == 0) return;
        var decisions = (await QueryAsync<AdjudicationRow>(c, DecisionsOfClaimsSql,
            new { Ids = IdList(inserted.Select(a => a.ClaimId)) }, tx, ct)).ToDictionary(d => d.ClaimId);
        var decidedAt = decisions.ToDictionary(d => d.Key, d => d.Value.DecidedAt);
        foreach (var claimId in StoreRules.ClaimsNeedingTrackRecompute(inserted, decidedAt))
        {
            var d = decisions[claimId];
            await RebuildTrackAsync(c, tx, claimId, Enum.Parse<Scoring.Truth>(d.Truth), d.DecidedAt, ct);
            await EnqueueSharingAsync(c, tx, claimId, ct);
        }
    }

    private const string ListAssertionsSql = """
        SELECT TOP (@Limit) a.id, a.claim_id, a.source_id, a.stance, a.hedge, a.evidence, a.observed_at, a.recorded_at,
               a.reported_via, a.note, a.idem_key, a.recorded_by
        FROM dbo.assertions AS a
        WHERE a.claim_id = @ClaimId AND (@AfterId IS NULL OR a.id > @AfterId)
        ORDER BY a.id;
        """;

    public async Task<IReadOnlyList<AssertionRecord>> ListAssertionsAsync(string claimId, long? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<AssertionRow>(c, ListAssertionsSql, new { ClaimId = claimId, AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }
}
