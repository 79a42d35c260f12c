using ClaimStatus.Scoring;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

// Adjudications and the learned track records they produce.
public sealed partial class SqlServerClaimStore
{
    private const string ClaimExistsSql = "SELECT COUNT(*) FROM dbo.claims WHERE id = @Id;";

    // Insert-if-absent under a key-range lock; when another decision is already stored nothing is output.
    private const string InsertAdjudicationSql = """
        INSERT INTO dbo.adjudications (claim_id, truth, decided_at, note, recorded_at, rationale, recorded_by)
        OUTPUT inserted.id, inserted.claim_id, inserted.truth, inserted.decided_at, inserted.note, inserted.recorded_at,
               inserted.rationale, inserted.recorded_by
        SELECT @ClaimId, @Truth, @DecidedAt, @Note, TODATETIMEOFFSET(SYSUTCDATETIME(), 0), @Rationale, @RecordedBy
        WHERE NOT EXISTS (SELECT 1 FROM dbo.adjudications WITH (UPDLOCK, HOLDLOCK) WHERE claim_id = @ClaimId);
        """;

    private const string AdjudicationOfClaimSql = """
        SELECT id, claim_id, truth, decided_at, note, recorded_at, rationale, recorded_by
        FROM dbo.adjudications WHERE claim_id = @ClaimId;
        """;

    public Task<(AdjudicationRecord Adjudication, bool Created)> RecordAdjudicationAsync(
        NewAdjudication adjudication, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var claimId = adjudication.ClaimId;
            if (await ExecuteScalarAsync<int>(c, ClaimExistsSql, new { Id = claimId }, tx, ct) == 0)
                throw new MissingReferenceException("claim_id", claimId);

            var decidedAt = StoreRules.Utc(adjudication.DecidedAt);
            var inserted = await QuerySingleOrDefaultAsync<AdjudicationRow>(c, InsertAdjudicationSql, new
            {
                ClaimId = claimId, Truth = adjudication.Truth.ToString(), DecidedAt = decidedAt, adjudication.Note,
                adjudication.Rationale, adjudication.RecordedBy,
            }, tx, ct);
            if (inserted is null)
            {
                var stored = (await QuerySingleOrDefaultAsync<AdjudicationRow>(c, AdjudicationOfClaimSql, new { ClaimId = claimId }, tx, ct))!.ToRecord();
                return StoreRules.SameContent(adjudication, stored)
                    ? (stored, false)
                    : throw StoreRules.AdjudicationConflict(claimId);
            }

            await RebuildTrackAsync(c, tx, claimId, adjudication.Truth, decidedAt, ct);
            await EnqueueAsync(c, tx, [claimId], RescoreCauses.Adjudication, ct);
            await EnqueueSharingAsync(c, tx, claimId, ct);
            return (inserted.ToRecord(), true);
        }, ct);

    private const string ListAdjudicationsSql = """
        SELECT TOP (@Limit) id, claim_id, truth, decided_at, note, recorded_at, rationale, recorded_by
        FROM dbo.adjudications
        WHERE (@ClaimId IS NULL OR claim_id = @ClaimId) AND (@AfterId IS NULL OR id > @AfterId)
        ORDER BY id
        OPTION (RECOMPILE);
        """;

    public async Task<IReadOnlyList<AdjudicationRecord>> ListAdjudicationsAsync(
        string? claimId, long? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<AdjudicationRow>(c, ListAdjudicationsSql,
            new { ClaimId = claimId, AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string ClaimAssertionsForCreditSql = """
        SELECT id, claim_id, source_id, stance, hedge, evidence, observed_at, reported_via
        FROM dbo.assertions WHERE claim_id = @ClaimId;
        """;

    private const string DeleteClaimTrackSql = "DELETE FROM dbo.source_track WHERE claim_id = @ClaimId;";

    // The running totals (dbo.source_totals) move with the claim's track rows: its old rows out, its new rows in.
    // Update-then-insert as in the outbox: the UPDATE's row locks and HOLDLOCK serialize adjudications sharing a
    // source; where a racing insert still ends as a duplicate key (Babelfish), WriteAsync runs the write again.
    // The claim's track rows come through a derived table whose columns are named apart from the totals' own.
    private const string SubtractClaimTrackSql = """
        UPDATE dbo.source_totals SET claims = claims - 1,
            supports_right = supports_right - t.sr,
            supports_wrong = supports_wrong - t.sw,
            refutes_right = refutes_right - t.rr,
            refutes_wrong = refutes_wrong - t.rw,
            reports_true = reports_true - t.rt,
            reports_false = reports_false - t.rf
        FROM (SELECT x.source_id AS track_source, x.supports_right AS sr, x.supports_wrong AS sw, x.refutes_right AS rr, x.refutes_wrong AS rw, x.reports_true AS rt, x.reports_false AS rf
              FROM dbo.source_track AS x WHERE x.claim_id = @ClaimId) AS t
        WHERE t.track_source = dbo.source_totals.source_id;
        """;

    private const string AddClaimTrackSql = """
        UPDATE dbo.source_totals SET claims = claims + 1,
            supports_right = supports_right + t.sr,
            supports_wrong = supports_wrong + t.sw,
            refutes_right = refutes_right + t.rr,
            refutes_wrong = refutes_wrong + t.rw,
            reports_true = reports_true + t.rt,
            reports_false = reports_false + t.rf
        FROM (SELECT x.source_id AS track_source, x.supports_right AS sr, x.supports_wrong AS sw, x.refutes_right AS rr, x.refutes_wrong AS rw, x.reports_true AS rt, x.reports_false AS rf
              FROM dbo.source_track AS x WHERE x.claim_id = @ClaimId) AS t
        WHERE t.track_source = dbo.source_totals.source_id;

        INSERT INTO dbo.source_totals (source_id, claims, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false)
        SELECT t.source_id, 1, t.supports_right, t.supports_wrong, t.refutes_right, t.refutes_wrong, t.reports_true, t.reports_false
        FROM dbo.source_track AS t
        WHERE t.claim_id = @ClaimId
          AND NOT EXISTS (SELECT 1 FROM dbo.source_totals AS s WITH (UPDLOCK, HOLDLOCK) WHERE s.source_id = t.source_id);
        """;

    private const string InsertTrackSql = """
        INSERT INTO dbo.source_track (claim_id, source_id, supports_right, supports_wrong, refutes_right, refutes_wrong,
                                      reports_true, reports_false, decided_at)
        VALUES (@ClaimId, @SourceId, @SupportsRight, @SupportsWrong, @RefutesRight, @RefutesWrong,
                @ReportsTrue, @ReportsFalse, @DecidedAt);
        """;

    /// <summary>Replaces one adjudicated claim's contribution to its sources' learned records.
    /// The learning rule itself is <see cref="ReliabilityLearner.Credit"/>; SQL only stores its result.</summary>
    private static async Task RebuildTrackAsync(
        SqlConnection c, SqlTransaction tx, string claimId, Truth truth, DateTimeOffset decidedAt, CancellationToken ct)
    {
        var assertions = await QueryAsync<AssertionRow>(c, ClaimAssertionsForCreditSql, new { ClaimId = claimId }, tx, ct);
        var credits = ReliabilityLearner.Credit(assertions.Select(a => a.ToEvidence()), truth, decidedAt);
        await ExecuteAsync(c, SubtractClaimTrackSql, new { ClaimId = claimId }, tx, ct);
        await ExecuteAsync(c, DeleteClaimTrackSql, new { ClaimId = claimId }, tx, ct);
        await ExecuteAsync(c, InsertTrackSql, credits.Select(x => new
        {
            ClaimId = claimId, x.SourceId, x.Credit.SupportsRight, x.Credit.SupportsWrong, x.Credit.RefutesRight,
            x.Credit.RefutesWrong, x.Credit.ReportsTrue, x.Credit.ReportsFalse, DecidedAt = decidedAt,
        }), tx, ct);
        await ExecuteAsync(c, AddClaimTrackSql, new { ClaimId = claimId }, tx, ct);
    }
}
