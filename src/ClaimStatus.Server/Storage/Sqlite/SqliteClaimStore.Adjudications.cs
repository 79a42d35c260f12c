using ClaimStatus.Scoring;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// Adjudications and the learned track records they produce.
public sealed partial class SqliteClaimStore
{
    private const string AdjudicationColumns = "id, claim_id, truth, decided_at, note, recorded_at, rationale, recorded_by";

    private const string ClaimExistsSql = "SELECT COUNT(*) FROM claims WHERE id = @Id;";

    private const string AdjudicationOfClaimSql = $"SELECT {AdjudicationColumns} FROM adjudications WHERE claim_id = @ClaimId;";

    private const string InsertAdjudicationSql = """
        INSERT INTO adjudications (claim_id, truth, decided_at, note, recorded_at, rationale, recorded_by)
        VALUES (@ClaimId, @Truth, @DecidedAt, @Note, @RecordedAt, @Rationale, @RecordedBy)
        RETURNING id;
        """;

    public Task<(AdjudicationRecord Adjudication, bool Created)> RecordAdjudicationAsync(
        NewAdjudication adjudication, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var claimId = adjudication.ClaimId;
            if (await ExecuteScalarAsync<long>(c, ClaimExistsSql, new { Id = claimId }, tx, ct) == 0)
                throw new MissingReferenceException("claim_id", claimId);
            var existing = await QuerySingleOrDefaultAsync<AdjudicationRow>(c, AdjudicationOfClaimSql, new { ClaimId = claimId }, tx, ct);
            if (existing is not null)
            {
                var stored = existing.ToRecord();
                return StoreRules.SameContent(adjudication, stored)
                    ? (stored, false)
                    : throw StoreRules.AdjudicationConflict(claimId);
            }

            var decidedAt = StoreRules.Utc(adjudication.DecidedAt);
            var recordedAt = StoreRules.Utc(DateTimeOffset.UtcNow);
            var id = await ExecuteScalarAsync<long>(c, InsertAdjudicationSql, new
            {
                ClaimId = claimId, Truth = adjudication.Truth.ToString(), DecidedAt = Time(decidedAt),
                adjudication.Note, RecordedAt = Time(recordedAt), adjudication.Rationale, adjudication.RecordedBy,
            }, tx, ct);
            await RebuildTrackAsync(c, tx, claimId, adjudication.Truth, decidedAt, ct);
            await EnqueueAsync(c, tx, [claimId], RescoreCauses.Adjudication, ct);
            await EnqueueSharingAsync(c, tx, claimId, ct);
            // Read back so the returned times carry exactly the stored precision.
            var row = await QuerySingleOrDefaultAsync<AdjudicationRow>(c, AdjudicationOfClaimSql, new { ClaimId = claimId }, tx, ct);
            return (row!.ToRecord(), true);
        }, ct);

    private const string ListAdjudicationsSql = $"""
        SELECT {AdjudicationColumns} FROM adjudications
        WHERE (@ClaimId IS NULL OR claim_id = @ClaimId) AND (@AfterId IS NULL OR id > @AfterId)
        ORDER BY id LIMIT @Limit;
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
        SELECT id, claim_id, source_id, stance, hedge, evidence, observed_at, recorded_at, reported_via, note, idem_key
        FROM assertions WHERE claim_id = @ClaimId;
        """;

    private const string DeleteClaimTrackSql = "DELETE FROM source_track WHERE claim_id = @ClaimId;";

    // The running totals (source_totals) move with the claim's track rows: its old rows out, its new rows in.
    private const string SubtractClaimTrackSql = """
        UPDATE source_totals SET claims = source_totals.claims - 1,
            supports_right = source_totals.supports_right - t.supports_right,
            supports_wrong = source_totals.supports_wrong - t.supports_wrong,
            refutes_right = source_totals.refutes_right - t.refutes_right,
            refutes_wrong = source_totals.refutes_wrong - t.refutes_wrong,
            reports_true = source_totals.reports_true - t.reports_true,
            reports_false = source_totals.reports_false - t.reports_false
        FROM source_track AS t
        WHERE t.claim_id = @ClaimId AND t.source_id = source_totals.source_id;
        """;

    // "WHERE true" settles SQLite's parse of INSERT ... SELECT ... ON CONFLICT.
    private const string AddClaimTrackSql = """
        INSERT INTO source_totals (source_id, claims, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false)
        SELECT source_id, 1, supports_right, supports_wrong, refutes_right, refutes_wrong, reports_true, reports_false FROM source_track WHERE claim_id = @ClaimId AND true
        ON CONFLICT (source_id) DO UPDATE SET claims = claims + excluded.claims,
            supports_right = supports_right + excluded.supports_right, supports_wrong = supports_wrong + excluded.supports_wrong, refutes_right = refutes_right + excluded.refutes_right, refutes_wrong = refutes_wrong + excluded.refutes_wrong, reports_true = reports_true + excluded.reports_true, reports_false = reports_false + excluded.reports_false;
        """;

    private const string InsertTrackSql = """
        INSERT INTO source_track (claim_id, source_id, supports_right, supports_wrong, refutes_right, refutes_wrong,
                                  reports_true, reports_false, decided_at)
        VALUES (@ClaimId, @SourceId, @SupportsRight, @SupportsWrong, @RefutesRight, @RefutesWrong,
                @ReportsTrue, @ReportsFalse, @DecidedAt);
        """;

    /// <summary>Replaces one adjudicated claim's contribution to its sources' learned records.
    /// The learning rule itself is <see cref="ReliabilityLearner.Credit"/>; SQL only stores its result.</summary>
    private static async Task RebuildTrackAsync(
        SqliteConnection c, SqliteTransaction tx, string claimId, Truth truth, DateTimeOffset decidedAt, CancellationToken ct)
    {
        var assertions = await QueryAsync<AssertionRow>(c, ClaimAssertionsForCreditSql, new { ClaimId = claimId }, tx, ct);
        var credits = ReliabilityLearner.Credit(assertions.Select(a => a.ToEvidence()), truth, decidedAt);
        await ExecuteAsync(c, SubtractClaimTrackSql, new { ClaimId = claimId }, tx, ct);
        await ExecuteAsync(c, DeleteClaimTrackSql, new { ClaimId = claimId }, tx, ct);
        var decided = Time(decidedAt);
        await ExecuteAsync(c, InsertTrackSql, credits.Select(x => new
        {
            ClaimId = claimId, x.SourceId, x.Credit.SupportsRight, x.Credit.SupportsWrong, x.Credit.RefutesRight,
            x.Credit.RefutesWrong, x.Credit.ReportsTrue, x.Credit.ReportsFalse, DecidedAt = decided,
        }), tx, ct);
        await ExecuteAsync(c, AddClaimTrackSql, new { ClaimId = claimId }, tx, ct);
    }
}
