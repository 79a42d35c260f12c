using ClaimStatus.Server.Statuses;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

// The kept current assessments (0006_current_assessments.sql): written by the rescoring beside the outbox row it
// deletes, read by status reads as of now.
public sealed partial class SqlServerClaimStore
{
    // One statement, so READ_COMMITTED_SNAPSHOT gives it one snapshot: the row and the absence of a pending rescoring
    // are read as of the same commit (the rescoring deletes the one and writes the other in one transaction).
    private const string CurrentAssessmentsSql = """
        SELECT a.claim_id AS ClaimId, a.summary AS Summary, CASE WHEN @Full = 1 THEN a.detail END AS Detail
        FROM @Ids AS i
        INNER JOIN dbo.claim_assessments AS a ON a.claim_id = i.id
        WHERE a.policy_version = @PolicyVersion AND a.computed_at <= @Now
          AND (a.valid_until IS NULL OR a.valid_until > @Now)
          AND (@Full = 0 OR a.detail IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM dbo.rescore_pending AS p WHERE p.claim_id = a.claim_id);
        """;

    public async Task<IReadOnlyList<StoredAssessment>> CurrentAssessmentsAsync(
        IReadOnlyList<string> claimIds, string policyVersion, DateTimeOffset now, bool full, CancellationToken ct)
    {
        if (claimIds.Count == 0) return [];
        await using var c = await OpenAsync(ct);
        return await QueryAsync<StoredAssessment>(c, CurrentAssessmentsSql,
            new { Ids = IdList(claimIds), PolicyVersion = policyVersion, Now = now, Full = full }, null, ct);
    }

    // valid_until: the earliest time after computed_at at which stored evidence the scoring saw as not yet there
    // becomes visible: the claim's own future-dated assertions, and any adjudication decided at or after it (its
    // own, or another claim's that moves the learned records of this claim's sources). Adjudications are few, so
    // taking every one is cheaper than finding the ones that share a source, and only wakes the worker early.
    // The caller holds the status lock, so no other rescoring inserts the row between the UPDATE and the INSERT.
    private const string UpsertAssessmentSql = """
        DECLARE @ValidUntil datetimeoffset(7) = (
            SELECT MIN(n.t) FROM (
                SELECT MIN(x.observed_at) AS t FROM dbo.assertions AS x WHERE x.claim_id = @ClaimId AND x.observed_at > @ComputedAt
                UNION ALL
                SELECT MIN(d.decided_at) AS t FROM dbo.adjudications AS d WHERE d.decided_at >= @ComputedAt) AS n);

        UPDATE dbo.claim_assessments
        SET policy_version = @PolicyVersion, computed_at = @ComputedAt, valid_until = @ValidUntil, summary = @Summary, detail = @Detail
        WHERE claim_id = @ClaimId;

        IF @@ROWCOUNT = 0
            INSERT INTO dbo.claim_assessments (claim_id, policy_version, computed_at, valid_until, summary, detail)
            VALUES (@ClaimId, @PolicyVersion, @ComputedAt, @ValidUntil, @Summary, @Detail);
        """;

    private static async Task StoreAssessmentsAsync(SqlConnection c, SqlTransaction tx, List<RescoredClaim> results, CancellationToken ct)
    {
        foreach (var r in results)
        {
            var (summary, detail) = CurrentReports.Encode(r.Assessment);
            await ExecuteAsync(c, UpsertAssessmentSql, new
            {
                r.Assessment.ClaimId, r.Assessment.PolicyVersion, ComputedAt = r.Assessment.AsOf, Summary = summary, Detail = detail,
            }, tx, ct);
        }
    }

    private const string StaleAssessmentsSql = """
        SELECT TOP (@Limit) a.claim_id, a.policy_version
        FROM dbo.claim_assessments AS a
        WHERE (a.valid_until <= @Now OR a.policy_version < @PolicyVersion OR a.policy_version > @PolicyVersion)
          AND NOT EXISTS (SELECT 1 FROM dbo.rescore_pending AS p WHERE p.claim_id = a.claim_id);
        """;

    public async Task<IReadOnlyList<StaleAssessment>> StaleAssessmentsAsync(string policyVersion, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<StaleRow>(c, StaleAssessmentsSql, new { PolicyVersion = policyVersion, Now = now, Limit = limit }, null, ct);
        return rows.ConvertAll(r => StaleAssessment.Of(r.ClaimId, r.PolicyVersion, policyVersion));
    }

    private sealed class StaleRow
    {
        public string ClaimId { get; set; } = "";
        public string PolicyVersion { get; set; } = "";
    }
}
