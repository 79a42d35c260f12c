using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// The evidence log: append-only assertions, idempotent by (claim, key).
public sealed partial class SqliteClaimStore
{
    private const string AssertionColumns =
        "a.id, a.claim_id, a.source_id, a.stance, a.hedge, a.evidence, a.observed_at, a.recorded_at, a.reported_via, a.note, a.idem_key";

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
        INSERT INTO assertions (claim_id, source_id, stance, hedge, evidence, observed_at, recorded_at, reported_via, note, idem_key)
        VALUES (@ClaimId, @SourceId, @Stance, @Hedge, @Evidence, @ObservedAt, @RecordedAt, @ReportedVia, @Note, @Key);
        """;

    private const string DecisionsOfClaimsSql = """
        SELECT claim_id, truth, decided_at FROM adjudications WHERE claim_id IN (SELECT value FROM json_each(@Ids));
        """;

    public Task<IReadOnlyList<AssertionWrite>> AppendAssertionsAsync(IReadOnlyList<NewAssertion> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return Task.FromResult<IReadOnlyList<AssertionWrite>>([]);
        var first = StoreRules.FirstOccurrences(batch);
        return WriteAsync<IReadOnlyList<AssertionWrite>>(async (c, tx) =>
        {
            await CheckReferencesAsync(c, tx, batch, ct);

            var stored = await AssertionsByKeyAsync(c, tx, batch.Where((_, i) => first[i] == i), ct);
            var fresh = new List<NewAssertion>();
            for (var i = 0; i < batch.Count; i++)
            {
                if (first[i] != i) continue;
                if (!stored.TryGetValue((batch[i].ClaimId, batch[i].Key), out var existing)) fresh.Add(batch[i]);
                else if (!StoreRules.SameContent(batch[i], existing)) throw StoreRules.KeyConflict(i, batch[i]);
            }

            var recordedAt = Time(DateTimeOffset.UtcNow);
            await ExecuteAsync(c, InsertAssertionSql, fresh.Select(a => AssertionParameters(a, recordedAt)), tx, ct);
            var inserted = await AssertionsByKeyAsync(c, tx, fresh, ct);
            await RecomputeLateTracksAsync(c, tx, fresh, ct);

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
