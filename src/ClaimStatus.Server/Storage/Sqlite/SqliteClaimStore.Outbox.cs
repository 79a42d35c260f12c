using ClaimStatus.Server.Telemetry;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// The rescoring outbox: each write records the claims it may have moved in its own transaction, so a crash
// between the write and its rescoring leaves the work on disk rather than in a lost in-memory queue.
public sealed partial class SqliteClaimStore
{
    private const string EnqueueClaimSql = """
        INSERT INTO rescore_pending (claim_id, version, cause, enqueued_at) VALUES (@ClaimId, @Version, @Cause, @Now)
        ON CONFLICT (claim_id) DO UPDATE SET version = version + 1, cause = excluded.cause;
        """;

    // The claims whose sources' learned records an adjudication of @ClaimId moves (ClaimsSharingSourcesSql).
    // "WHERE true" settles SQLite's parse of INSERT ... SELECT ... ON CONFLICT.
    private const string EnqueueSharingSql = """
        INSERT INTO rescore_pending (claim_id, version, cause, enqueued_at)
        SELECT DISTINCT other.claim_id, @Version, @Cause, @Now
        FROM assertions AS mine
        JOIN assertions AS other ON other.source_id = mine.source_id
        WHERE mine.claim_id = @ClaimId AND other.claim_id <> @ClaimId
        ON CONFLICT (claim_id) DO UPDATE SET version = version + 1, cause = excluded.cause;
        """;

    // Every claim a source spoke on, directly or as the outlet that relayed it.
    private const string EnqueueSourceClaimsSql = """
        INSERT INTO rescore_pending (claim_id, version, cause, enqueued_at)
        SELECT DISTINCT a.claim_id, @Version, @Cause, @Now
        FROM assertions AS a
        WHERE a.source_id = @SourceId OR a.reported_via = @SourceId
        ON CONFLICT (claim_id) DO UPDATE SET version = version + 1, cause = excluded.cause;
        """;

    private static Task EnqueueAsync(SqliteConnection c, SqliteTransaction tx, IEnumerable<string> claimIds, string cause, CancellationToken ct)
    {
        var (version, now) = (RescoreCauses.FirstVersion(), Time(DateTimeOffset.UtcNow));
        var rows = claimIds.Distinct(StringComparer.Ordinal).Select(id => new { ClaimId = id, Version = version, Cause = cause, Now = now }).ToList();
        return rows.Count == 0 ? Task.CompletedTask : ExecuteAsync(c, EnqueueClaimSql, rows, tx, ct);
    }

    private static Task EnqueueSharingAsync(SqliteConnection c, SqliteTransaction tx, string claimId, CancellationToken ct) =>
        ExecuteAsync(c, EnqueueSharingSql, new
        {
            ClaimId = claimId, Version = RescoreCauses.FirstVersion(), Cause = RescoreCauses.LearnedReliability,
            Now = Time(DateTimeOffset.UtcNow),
        }, tx, ct);

    private static Task EnqueueSourceClaimsAsync(SqliteConnection c, SqliteTransaction tx, string sourceId, CancellationToken ct) =>
        ExecuteAsync(c, EnqueueSourceClaimsSql, new
        {
            SourceId = sourceId, Version = RescoreCauses.FirstVersion(), Cause = RescoreCauses.SourceChanged,
            Now = Time(DateTimeOffset.UtcNow),
        }, tx, ct);

    public Task EnqueueRescoresAsync(IReadOnlyList<string> claimIds, string cause, CancellationToken ct) =>
        claimIds.Count == 0 ? Task.CompletedTask : WriteAsync(async (c, tx) =>
        {
            await CheckClaimsExistAsync(c, tx, claimIds, ct);
            await EnqueueAsync(c, tx, claimIds, cause, ct);
            return 0;
        }, ct);

    private static async Task CheckClaimsExistAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<string> claimIds, CancellationToken ct)
    {
        var known = (await QueryAsync<string>(c, ExistingClaimIdsSql, new { Ids = Json(claimIds.Distinct()) }, tx, ct)).ToHashSet(StringComparer.Ordinal);
        if (claimIds.FirstOrDefault(id => !known.Contains(id)) is { } missing) throw new MissingReferenceException("claim_id", missing);
    }

    private const string PendingColumns = "claim_id AS ClaimId, version AS Version, cause AS Cause";

    private const string PendingSql = $"SELECT {PendingColumns} FROM rescore_pending ORDER BY enqueued_at, claim_id LIMIT @Limit;";

    private const string PendingOfSql = $"SELECT {PendingColumns} FROM rescore_pending WHERE claim_id IN (SELECT value FROM json_each(@Ids));";

    public async Task<IReadOnlyList<PendingRescore>> PendingRescoresAsync(int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await QueryAsync<PendingRescore>(c, PendingSql, new { Limit = limit }, null, ct);
    }

    public async Task<IReadOnlyList<PendingRescore>> PendingRescoresOfAsync(IReadOnlyList<string> claimIds, CancellationToken ct)
    {
        if (claimIds.Count == 0) return [];
        await using var c = await OpenAsync(ct);
        return await QueryAsync<PendingRescore>(c, PendingOfSql, new { Ids = Json(claimIds.Distinct()) }, null, ct);
    }

    // The compare-and-delete is the version check: a row whose version moved on is not deleted, and its claim's
    // result is not stored.
    private const string DeletePendingSql = "DELETE FROM rescore_pending WHERE claim_id = @ClaimId AND version = @Version;";

    public Task<IReadOnlyList<StatusTransitionRecord>> RecordRescoredAsync(IReadOnlyList<RescoredClaim> results, DateTimeOffset at, CancellationToken ct)
    {
        if (results.Count == 0) return Task.FromResult<IReadOnlyList<StatusTransitionRecord>>([]);
        var distinct = results.DistinctBy(r => r.Pending.ClaimId, StringComparer.Ordinal).OrderBy(r => r.Pending.ClaimId, StringComparer.Ordinal).ToList();
        return WriteAsync(async (c, tx) =>
        {
            var current = await SqliteSpan.TraceAsync(DeletePendingSql, distinct, () => Task.FromResult(DeleteCurrent(c, tx, distinct)));
            await StoreAssessmentsAsync(c, tx, current);
            return await StoreStatusChangesAsync(c, tx, [.. current.Select(r => (r.Assessment, r.Pending.Cause))], at, ct);
        }, ct);
    }

    private static List<RescoredClaim> DeleteCurrent(SqliteConnection c, SqliteTransaction tx, List<RescoredClaim> results)
    {
        using var command = new SqliteCommand(DeletePendingSql, c, tx);
        SqliteParameter claimId = command.Parameters.Add("@ClaimId", SqliteType.Text), version = command.Parameters.Add("@Version", SqliteType.Integer);
        command.Prepare();
        var current = new List<RescoredClaim>(results.Count);
        foreach (var r in results)
        {
            claimId.Value = r.Pending.ClaimId;
            version.Value = r.Pending.Version;
            if (command.ExecuteNonQuery() == 1) current.Add(r);
        }
        return current;
    }
}
