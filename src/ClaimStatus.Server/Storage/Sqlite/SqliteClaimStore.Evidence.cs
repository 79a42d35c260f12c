using ClaimStatus.Scoring;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// What the engine reads: evidence as of a time and learned track records.
public sealed partial class SqliteClaimStore
{
    // Everything keyed by the claims, in one command; its span is named after the first statement.
    private const string ClaimRowsSql = $"""
        SELECT {AssertionColumns} FROM assertions AS a
        WHERE a.claim_id IN (SELECT value FROM json_each(@Ids)) AND a.observed_at <= @AsOf
        ORDER BY a.claim_id, a.observed_at, a.id;
        SELECT id, parties_json, harmed_parties_json FROM claims WHERE id IN (SELECT value FROM json_each(@Ids));
        SELECT {AdjudicationColumns} FROM adjudications
        WHERE claim_id IN (SELECT value FROM json_each(@Ids)) AND decided_at <= @AsOf;
        SELECT claim_id, source_id, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false
        FROM source_track
        WHERE claim_id IN (SELECT value FROM json_each(@Ids)) AND decided_at < @AsOf;
        """;

    // Everything keyed by the sources the assertions name. Learned records come from the running totals when every
    // decision lies before the as-of time (any read as of now, once the latest adjudication is in the past), and are
    // summed from the track rows otherwise. Passing their ids is several times faster than
    // finding them again with a subquery, which SQLite re-evaluates for the grouped track sums. The last
    // statement finds the earliest stored time after T that an as-of filter above looks at: until then, a
    // later T reads exactly the same rows.
    private const string SourceRowsSql = $"""
        SELECT {SourceColumns} FROM sources WHERE id IN (SELECT value FROM json_each(@Sources));
        SELECT source_id, claims, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false
        FROM source_totals
        WHERE source_id IN (SELECT value FROM json_each(@Sources)) AND claims > 0
          AND (SELECT COALESCE(MAX(decided_at), '') FROM adjudications) < @AsOf
        UNION ALL
        SELECT source_id, COUNT(*) AS claims,
               SUM(supports_right) AS supports_right, SUM(supports_wrong) AS supports_wrong,
               SUM(refutes_right) AS refutes_right, SUM(refutes_wrong) AS refutes_wrong,
               SUM(reports_true) AS reports_true, SUM(reports_false) AS reports_false
        FROM source_track
        WHERE source_id IN (SELECT value FROM json_each(@Sources)) AND decided_at < @AsOf
          AND (SELECT COALESCE(MAX(decided_at), '') FROM adjudications) >= @AsOf
        GROUP BY source_id;
        SELECT MIN(t) AS next_change FROM (
            SELECT MIN(observed_at) AS t FROM assertions
            WHERE claim_id IN (SELECT value FROM json_each(@Ids)) AND observed_at > @AsOf
            UNION ALL
            SELECT MIN(decided_at) FROM adjudications
            WHERE claim_id IN (SELECT value FROM json_each(@Ids)) AND decided_at > @AsOf
            UNION ALL
            SELECT MIN(decided_at) FROM source_track
            WHERE source_id IN (SELECT value FROM json_each(@Sources)) AND decided_at >= @AsOf
            UNION ALL
            SELECT MIN(decided_at) FROM source_track
            WHERE claim_id IN (SELECT value FROM json_each(@Ids)) AND decided_at >= @AsOf);
        """;

    public async Task<IReadOnlyList<ClaimEvidence>> LoadEvidenceAsync(
        IReadOnlyList<string> claimIds, DateTimeOffset asOf, CancellationToken ct)
    {
        if (claimIds.Count == 0) return [];
        var session = await TakeEvidenceSessionAsync(ct);
        try
        {
            var evidence = session.Load(claimIds, Time(asOf), asOf);
            ReturnEvidenceSession(session);
            return evidence;
        }
        catch
        {
            session.Dispose();
            throw;
        }
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
