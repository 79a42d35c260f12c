using ClaimStatus.Scoring;
using Dapper;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

// What the engine reads: evidence as of a time and learned track records.
public sealed partial class SqlServerClaimStore
{
    private const string PartiesOfClaimsSql = """
        SELECT c.id, c.parties_json, c.harmed_parties_json FROM dbo.claims AS c WHERE c.id IN (SELECT i.id FROM @Ids AS i);
        """;

    private const string AssertionsAsOfSql = """
        SELECT a.id, a.claim_id, a.source_id, a.stance, a.hedge, a.evidence, a.observed_at, a.reported_via
        FROM @Ids AS i
        INNER JOIN dbo.assertions AS a ON a.claim_id = i.id
        WHERE a.observed_at <= @AsOf
        ORDER BY a.claim_id, a.observed_at, a.id;
        """;

    private const string AdjudicationsAsOfSql = """
        SELECT d.id, d.claim_id, d.truth, d.decided_at, d.note, d.recorded_at
        FROM dbo.adjudications AS d
        WHERE d.claim_id IN (SELECT i.id FROM @Ids AS i) AND d.decided_at <= @AsOf;
        """;

    private const string SourcesByIdSql = """
        SELECT s.id, s.name, s.kind, s.grade, s.groups_json, s.created_at, s.updated_at
        FROM dbo.sources AS s WHERE s.id IN (SELECT i.id FROM @Ids AS i);
        """;

    private const string OwnTrackRowsSql = """
        SELECT t.claim_id, t.source_id, t.supports_right, t.supports_wrong, t.refutes_right, t.refutes_wrong,
               t.reports_true, t.reports_false
        FROM dbo.source_track AS t
        WHERE t.claim_id IN (SELECT i.id FROM @Ids AS i) AND t.decided_at < @AsOf;
        """;

    public async Task<IReadOnlyList<ClaimEvidence>> LoadEvidenceAsync(
        IReadOnlyList<string> claimIds, DateTimeOffset asOf, CancellationToken ct)
    {
        if (claimIds.Count == 0) return [];
        await using var c = await OpenAsync(ct);
        var ids = new { Ids = IdList(claimIds), AsOf = StoreRules.Utc(asOf) };
        var claims = await QueryAsync<ClaimRow>(c, PartiesOfClaimsSql, ids, null, ct);
        var assertions = await QueryAsync<AssertionRow>(c, AssertionsAsOfSql, ids, null, ct);
        var adjudications = await QueryAsync<AdjudicationRow>(c, AdjudicationsAsOfSql, ids, null, ct);
        var ownRows = await QueryAsync<TrackRecordRow>(c, OwnTrackRowsSql, ids, null, ct);

        var named = assertions.Select(a => a.SourceId).Concat(assertions.Select(a => a.ReportedVia).OfType<string>()).ToList();
        var sources = await QueryAsync<SourceRow>(c, SourcesByIdSql, new { Ids = IdList(named) }, null, ct);
        var totals = (await QueryAsync<TrackRecordRow>(c, EvidenceTrackSumsSql, new { Ids = IdList(named), AsOf = StoreRules.Utc(asOf) }, null, ct))
            .ToDictionary(r => r.SourceId, r => new TrackSum(r.Claims, r.ToRecord()));

        return EvidenceBuilder.Build(
            claimIds,
            claims.ToDictionary(r => r.Id, r => r.ToParties()),
            assertions.Select(a => (a.ClaimId, a.ToEvidence())),
            sources.ToDictionary(s => s.Id, s => s.ToProfile()),
            totals,
            ownRows.Select(r => new TrackRow(r.ClaimId, r.SourceId, r.ToRecord())),
            adjudications.ToDictionary(a => a.ClaimId, a => a.ToEvidence()),
            asOf);
    }

    public async Task<IReadOnlyDictionary<string, TrackRecord>> LoadTrackRecordsAsync(
        IReadOnlyList<string> sourceIds, DateTimeOffset asOf, string? excludeClaimId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var sums = await TrackSumsAsync(c, sourceIds, asOf, excludeClaimId, ct);
        return sums.ToDictionary(s => s.Key, s => s.Value.Record);
    }

    // Learned records for scoring: the running totals when every decision lies before the as-of time (any read as of
    // now, once the latest adjudication is in the past), else the track rows summed.
    private const string EvidenceTrackSumsSql = """
        SELECT s.source_id, s.claims, s.supports_right, s.supports_wrong, s.refutes_right, s.refutes_wrong, s.reports_true, s.reports_false
        FROM @Ids AS i
        INNER JOIN dbo.source_totals AS s ON s.source_id = i.id
        WHERE s.claims > 0
          AND NOT EXISTS (SELECT 1 FROM dbo.adjudications AS d WHERE d.decided_at >= @AsOf)
        UNION ALL
        SELECT t.source_id, COUNT(*) AS claims,
               SUM(t.supports_right) AS supports_right, SUM(t.supports_wrong) AS supports_wrong,
               SUM(t.refutes_right) AS refutes_right, SUM(t.refutes_wrong) AS refutes_wrong,
               SUM(t.reports_true) AS reports_true, SUM(t.reports_false) AS reports_false
        FROM @Ids AS i
        INNER JOIN dbo.source_track AS t ON t.source_id = i.id
        WHERE t.decided_at < @AsOf
          AND EXISTS (SELECT 1 FROM dbo.adjudications AS d WHERE d.decided_at >= @AsOf)
        GROUP BY t.source_id;
        """;

    private const string TrackSumsSql = """
        SELECT t.source_id, COUNT(*) AS claims,
               SUM(t.supports_right) AS supports_right, SUM(t.supports_wrong) AS supports_wrong,
               SUM(t.refutes_right) AS refutes_right, SUM(t.refutes_wrong) AS refutes_wrong,
               SUM(t.reports_true) AS reports_true, SUM(t.reports_false) AS reports_false
        FROM @Ids AS i
        INNER JOIN dbo.source_track AS t ON t.source_id = i.id
        WHERE t.decided_at < @AsOf AND (@ExcludeClaimId IS NULL OR t.claim_id <> @ExcludeClaimId)
        GROUP BY t.source_id;
        """;

    private static async Task<Dictionary<string, TrackSum>> TrackSumsAsync(
        SqlConnection c, IEnumerable<string> sourceIds, DateTimeOffset asOf, string? excludeClaimId, CancellationToken ct)
    {
        var rows = await QueryAsync<TrackRecordRow>(c, TrackSumsSql,
            new { Ids = IdList(sourceIds), AsOf = StoreRules.Utc(asOf), ExcludeClaimId = excludeClaimId }, null, ct);
        return rows.ToDictionary(r => r.SourceId, r => new TrackSum(r.Claims, r.ToRecord()));
    }

    private const string ClaimsSharingSourcesSql = """
        SELECT DISTINCT other.claim_id
        FROM dbo.assertions AS mine
        INNER JOIN dbo.assertions AS other ON other.source_id = mine.source_id
        WHERE mine.claim_id = @ClaimId AND other.claim_id <> @ClaimId
        ORDER BY other.claim_id;
        """;

    public async Task<IReadOnlyList<string>> ClaimsSharingSourcesAsync(string claimId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await QueryAsync<string>(c, ClaimsSharingSourcesSql, new { ClaimId = claimId }, null, ct);
    }
}
