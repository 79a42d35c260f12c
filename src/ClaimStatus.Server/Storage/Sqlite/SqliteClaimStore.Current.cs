using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Telemetry;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// The kept current assessments (0006_current_assessments.sql): written by the rescoring beside the outbox row it
// deletes, read by status reads as of now.
public sealed partial class SqliteClaimStore
{
    // Read on an evidence session's prepared command (EvidenceSession.Current): the status read's hot path.
    private const string CurrentAssessmentsSql = """
        SELECT a.claim_id, a.summary, CASE WHEN @Full = '1' THEN a.detail END AS detail
        FROM claim_assessments AS a
        WHERE a.claim_id IN (SELECT value FROM json_each(@Ids))
          AND a.policy_version = @PolicyVersion AND a.computed_at <= @Now
          AND (a.valid_until IS NULL OR a.valid_until > @Now)
          AND (@Full = '0' OR a.detail IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM rescore_pending AS p WHERE p.claim_id = a.claim_id);
        """;

    public async Task<IReadOnlyList<StoredAssessment>> CurrentAssessmentsAsync(
        IReadOnlyList<string> claimIds, string policyVersion, DateTimeOffset now, bool full, CancellationToken ct)
    {
        if (claimIds.Count == 0) return [];
        var session = await TakeEvidenceSessionAsync(ct);
        try
        {
            var stored = session.Current(Json(claimIds.Distinct(StringComparer.Ordinal)), policyVersion, Time(now), full);
            ReturnEvidenceSession(session);
            return stored;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    // valid_until: the earliest time after computed_at at which stored evidence the scoring saw as not yet there
    // becomes visible: the claim's own future-dated assertions, and any adjudication decided at or after it (its
    // own, or another claim's that moves the learned records of this claim's sources). Adjudications are few, so
    // taking every one is cheaper than finding the ones that share a source, and only wakes the worker early.
    private const string UpsertAssessmentSql = """
        INSERT INTO claim_assessments (claim_id, policy_version, computed_at, valid_until, summary, detail)
        VALUES (@ClaimId, @PolicyVersion, @ComputedAt, (
            SELECT MIN(t) FROM (
                SELECT MIN(observed_at) AS t FROM assertions WHERE claim_id = @ClaimId AND observed_at > @ComputedAt
                UNION ALL
                SELECT MIN(decided_at) FROM adjudications WHERE decided_at >= @ComputedAt)),
            @Summary, @Detail)
        ON CONFLICT (claim_id) DO UPDATE SET policy_version = excluded.policy_version, computed_at = excluded.computed_at,
            valid_until = excluded.valid_until, summary = excluded.summary, detail = excluded.detail;
        """;

    private static int UpsertAssessments(SqliteConnection c, SqliteTransaction tx, List<RescoredClaim> results)
    {
        using var command = new SqliteCommand(UpsertAssessmentSql, c, tx);
        var p = command.Parameters;
        SqliteParameter claimId = p.Add("@ClaimId", SqliteType.Text), policy = p.Add("@PolicyVersion", SqliteType.Text),
            computedAt = p.Add("@ComputedAt", SqliteType.Text), summary = p.Add("@Summary", SqliteType.Blob),
            detail = p.Add("@Detail", SqliteType.Blob);
        command.Prepare();
        foreach (var r in results)
        {
            var (summaryBytes, detailBytes) = CurrentReports.Encode(r.Assessment);
            claimId.Value = r.Assessment.ClaimId;
            policy.Value = r.Assessment.PolicyVersion;
            computedAt.Value = Time(r.Assessment.AsOf);
            summary.Value = summaryBytes;
            detail.Value = (object?)detailBytes ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
        return results.Count;
    }

    private static Task<int> StoreAssessmentsAsync(SqliteConnection c, SqliteTransaction tx, List<RescoredClaim> results) =>
        results.Count == 0 ? Task.FromResult(0)
            : SqliteSpan.TraceAsync(UpsertAssessmentSql, results, () => Task.FromResult(UpsertAssessments(c, tx, results)));

    private const string StaleAssessmentsSql = """
        SELECT a.claim_id, a.policy_version
        FROM claim_assessments AS a
        WHERE (a.valid_until <= @Now OR a.policy_version < @PolicyVersion OR a.policy_version > @PolicyVersion)
          AND NOT EXISTS (SELECT 1 FROM rescore_pending AS p WHERE p.claim_id = a.claim_id)
        LIMIT @Limit;
        """;

    public async Task<IReadOnlyList<StaleAssessment>> StaleAssessmentsAsync(string policyVersion, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<StaleRow>(c, StaleAssessmentsSql, new { PolicyVersion = policyVersion, Now = Time(now), Limit = limit }, null, ct);
        return rows.ConvertAll(r => StaleAssessment.Of(r.ClaimId, r.PolicyVersion, policyVersion));
    }

    private sealed class StaleRow
    {
        public string ClaimId { get; set; } = "";
        public string PolicyVersion { get; set; } = "";
    }
}
