using ClaimStatus.Scoring;
using ClaimStatus.Server.Telemetry;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// What the engine reads: evidence as of a time and learned track records.
public sealed partial class SqliteClaimStore
{
    // The sources an evidence read needs: every source and relay named by the claims' assertions as of T.
    private const string NamedSourcesSql = """
        SELECT a.source_id FROM assertions AS a
        WHERE a.claim_id IN (SELECT value FROM json_each(@Ids)) AND a.observed_at <= @AsOf
        UNION
        SELECT a.reported_via FROM assertions AS a
        WHERE a.claim_id IN (SELECT value FROM json_each(@Ids)) AND a.observed_at <= @AsOf AND a.reported_via IS NOT NULL
        """;

    // One command, six result sets (its span is named after the first, the assertions), one snapshot: the sources and their learned totals are found through
    // the assertions inside the database instead of in a second round of queries. Reading one claim was
    // dominated by per-statement overhead, not by the rows.
    private const string EvidenceSql = $"""
        SELECT {AssertionColumns} FROM assertions AS a
        WHERE a.claim_id IN (SELECT value FROM json_each(@Ids)) AND a.observed_at <= @AsOf
        ORDER BY a.claim_id, a.observed_at, a.id;
        SELECT id, parties_json FROM claims WHERE id IN (SELECT value FROM json_each(@Ids));
        SELECT {AdjudicationColumns} FROM adjudications
        WHERE claim_id IN (SELECT value FROM json_each(@Ids)) AND decided_at <= @AsOf;
        SELECT claim_id, source_id, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false
        FROM source_track
        WHERE claim_id IN (SELECT value FROM json_each(@Ids)) AND decided_at < @AsOf;
        SELECT {SourceColumns} FROM sources WHERE id IN ({NamedSourcesSql});
        SELECT source_id, COUNT(*) AS claims,
               SUM(supports_right) AS supports_right, SUM(supports_wrong) AS supports_wrong,
               SUM(refutes_right) AS refutes_right, SUM(refutes_wrong) AS refutes_wrong,
               SUM(reports_true) AS reports_true, SUM(reports_false) AS reports_false
        FROM source_track
        WHERE source_id IN ({NamedSourcesSql}) AND decided_at < @AsOf
        GROUP BY source_id;
        """;

    private sealed record EvidenceRows(
        List<ClaimRow> Claims, List<AssertionRow> Assertions, List<AdjudicationRow> Adjudications,
        List<TrackRecordRow> OwnRows, List<SourceRow> Sources, List<TrackRecordRow> Totals);

    public Task<IReadOnlyList<ClaimEvidence>> LoadEvidenceAsync(
        IReadOnlyList<string> claimIds, DateTimeOffset asOf, CancellationToken ct)
    {
        if (claimIds.Count == 0) return Task.FromResult<IReadOnlyList<ClaimEvidence>>([]);
        return ReadAsync(async (c, tx) =>
        {
            var ids = new { Ids = Json(claimIds.Distinct()), AsOf = Time(asOf) };
            var rows = await SqliteSpan.TraceAsync(EvidenceSql, ids, async () =>
            {
                await using var grid = await c.QueryMultipleAsync(new CommandDefinition(EvidenceSql, ids, tx, cancellationToken: ct));
                return new EvidenceRows(
                    Assertions: (await grid.ReadAsync<AssertionRow>()).AsList(), Claims: (await grid.ReadAsync<ClaimRow>()).AsList(),
                    Adjudications: (await grid.ReadAsync<AdjudicationRow>()).AsList(), OwnRows: (await grid.ReadAsync<TrackRecordRow>()).AsList(),
                    Sources: (await grid.ReadAsync<SourceRow>()).AsList(), Totals: (await grid.ReadAsync<TrackRecordRow>()).AsList());
            });

            IReadOnlyList<ClaimEvidence> evidence = EvidenceBuilder.Build(
                claimIds,
                rows.Claims.ToDictionary(r => r.Id, r => StoreRules.FromJson(r.PartiesJson)),
                rows.Assertions.Select(a => (a.ClaimId, a.ToEvidence())),
                rows.Sources.ToDictionary(s => s.Id, s => s.ToProfile()),
                rows.Totals.ToDictionary(r => r.SourceId, r => new TrackSum(r.Claims, r.ToRecord())),
                rows.OwnRows.Select(r => new TrackRow(r.ClaimId, r.SourceId, r.ToRecord())),
                rows.Adjudications.ToDictionary(a => a.ClaimId, a => a.ToEvidence()),
                asOf);
            return evidence;
        }, ct);
    }

    public async Task<IReadOnlyDictionary<string, TrackRecord>> LoadTrackRecordsAsync(
        IReadOnlyList<string> sourceIds, DateTimeOffset asOf, string? excludeClaimId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var sums = await TrackSumsAsync(c, null, sourceIds, asOf, excludeClaimId, ct);
        return sums.ToDictionary(s => s.Key, s => s.Value.Record);
    }

    private const string TrackSumsSql = """
        SELECT source_id, COUNT(*) AS claims,
               SUM(supports_right) AS supports_right, SUM(supports_wrong) AS supports_wrong,
               SUM(refutes_right) AS refutes_right, SUM(refutes_wrong) AS refutes_wrong,
               SUM(reports_true) AS reports_true, SUM(reports_false) AS reports_false
        FROM source_track
        WHERE source_id IN (SELECT value FROM json_each(@Ids)) AND decided_at < @AsOf
          AND (@ExcludeClaimId IS NULL OR claim_id <> @ExcludeClaimId)
        GROUP BY source_id;
        """;

    private static async Task<Dictionary<string, TrackSum>> TrackSumsAsync(SqliteConnection c, SqliteTransaction? tx,
        IEnumerable<string> sourceIds, DateTimeOffset asOf, string? excludeClaimId, CancellationToken ct)
    {
        var rows = await QueryAsync<TrackRecordRow>(c, TrackSumsSql,
            new { Ids = Json(sourceIds.Distinct()), AsOf = Time(asOf), ExcludeClaimId = excludeClaimId }, tx, ct);
        return rows.ToDictionary(r => r.SourceId, r => new TrackSum(r.Claims, r.ToRecord()));
    }

    private const string ClaimsSharingSourcesSql = """
        SELECT DISTINCT other.claim_id
        FROM assertions AS mine
        JOIN assertions AS other ON other.source_id = mine.source_id
        WHERE mine.claim_id = @ClaimId AND other.claim_id <> @ClaimId
        ORDER BY other.claim_id;
        """;

    public async Task<IReadOnlyList<string>> ClaimsSharingSourcesAsync(string claimId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await QueryAsync<string>(c, ClaimsSharingSourcesSql, new { ClaimId = claimId }, null, ct);
    }
}
