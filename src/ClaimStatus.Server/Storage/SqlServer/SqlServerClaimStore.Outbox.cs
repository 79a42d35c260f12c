using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

// The rescoring outbox: each write records the claims it may have moved in its own transaction, so a crash
// between the write and its rescoring leaves the work in the database rather than in a lost in-memory queue.
public sealed partial class SqlServerClaimStore
{
    // Each statement is update-then-insert (no MERGE) over a set of claims. The UPDATE's row locks and HOLDLOCK's
    // key-range locks serialize writers of one claim; where those are not honoured (Babelfish) a racing insert ends
    // as a duplicate key, and WriteAsync runs the whole write again, which then bumps the other writer's row.
    private const string EnqueueClaimsSql = """
        UPDATE dbo.rescore_pending SET version = version + 1, cause = @Cause
        WHERE EXISTS (SELECT 1 FROM @Ids AS i WHERE i.id = dbo.rescore_pending.claim_id);

        INSERT INTO dbo.rescore_pending (claim_id, version, cause, enqueued_at)
        SELECT c.id, @Version, @Cause, TODATETIMEOFFSET(SYSUTCDATETIME(), 0)
        FROM dbo.claims AS c
        WHERE EXISTS (SELECT 1 FROM @Ids AS i WHERE i.id = c.id)
          AND NOT EXISTS (SELECT 1 FROM dbo.rescore_pending AS p WITH (UPDLOCK, HOLDLOCK) WHERE p.claim_id = c.id);
        """;

    // The claims whose sources' learned records an adjudication of @ClaimId moves (ClaimsSharingSourcesSql).
    private const string EnqueueSharingSql = """
        UPDATE dbo.rescore_pending SET version = version + 1, cause = @Cause
        WHERE EXISTS (SELECT 1 FROM dbo.assertions AS mine INNER JOIN dbo.assertions AS other ON other.source_id = mine.source_id WHERE mine.claim_id = @ClaimId AND other.claim_id <> @ClaimId AND other.claim_id = dbo.rescore_pending.claim_id);

        INSERT INTO dbo.rescore_pending (claim_id, version, cause, enqueued_at)
        SELECT c.id, @Version, @Cause, TODATETIMEOFFSET(SYSUTCDATETIME(), 0)
        FROM dbo.claims AS c
        WHERE EXISTS (SELECT 1 FROM dbo.assertions AS mine INNER JOIN dbo.assertions AS other ON other.source_id = mine.source_id WHERE mine.claim_id = @ClaimId AND other.claim_id <> @ClaimId AND other.claim_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM dbo.rescore_pending AS p WITH (UPDLOCK, HOLDLOCK) WHERE p.claim_id = c.id);
        """;

    // Every claim a source spoke on, directly or as the outlet that relayed it.
    private const string EnqueueSourceClaimsSql = """
        UPDATE dbo.rescore_pending SET version = version + 1, cause = @Cause
        WHERE EXISTS (SELECT 1 FROM dbo.assertions AS a WHERE (a.source_id = @SourceId OR a.reported_via = @SourceId) AND a.claim_id = dbo.rescore_pending.claim_id);

        INSERT INTO dbo.rescore_pending (claim_id, version, cause, enqueued_at)
        SELECT c.id, @Version, @Cause, TODATETIMEOFFSET(SYSUTCDATETIME(), 0)
        FROM dbo.claims AS c
        WHERE EXISTS (SELECT 1 FROM dbo.assertions AS a WHERE (a.source_id = @SourceId OR a.reported_via = @SourceId) AND a.claim_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM dbo.rescore_pending AS p WITH (UPDLOCK, HOLDLOCK) WHERE p.claim_id = c.id);
        """;

    private static Task EnqueueAsync(SqlConnection c, SqlTransaction tx, IReadOnlyCollection<string> claimIds, string cause, CancellationToken ct) =>
        claimIds.Count == 0 ? Task.CompletedTask
            : ExecuteAsync(c, EnqueueClaimsSql, new { Ids = IdList(claimIds), Cause = cause, Version = RescoreCauses.FirstVersion() }, tx, ct);

    private static Task EnqueueSharingAsync(SqlConnection c, SqlTransaction tx, string claimId, CancellationToken ct) =>
        ExecuteAsync(c, EnqueueSharingSql,
            new { ClaimId = claimId, Cause = RescoreCauses.LearnedReliability, Version = RescoreCauses.FirstVersion() }, tx, ct);

    private static Task EnqueueSourceClaimsAsync(SqlConnection c, SqlTransaction tx, string sourceId, CancellationToken ct) =>
        ExecuteAsync(c, EnqueueSourceClaimsSql,
            new { SourceId = sourceId, Cause = RescoreCauses.SourceChanged, Version = RescoreCauses.FirstVersion() }, tx, ct);

    private const string FirstUnknownClaimSql = """
        SELECT TOP (1) i.id FROM @Ids AS i WHERE NOT EXISTS (SELECT 1 FROM dbo.claims AS c WHERE c.id = i.id) ORDER BY i.id;
        """;

    public Task EnqueueRescoresAsync(IReadOnlyList<string> claimIds, string cause, CancellationToken ct) =>
        claimIds.Count == 0 ? Task.CompletedTask : WriteAsync(async (c, tx) =>
        {
            if (await QuerySingleOrDefaultAsync<string>(c, FirstUnknownClaimSql, new { Ids = IdList(claimIds) }, tx, ct) is { } missing)
                throw new MissingReferenceException("claim_id", missing);
            await EnqueueAsync(c, tx, [.. claimIds.Distinct(StringComparer.Ordinal)], cause, ct);
            return 0;
        }, ct);

    private const string PendingSql = """
        SELECT TOP (@Limit) p.claim_id AS ClaimId, p.version AS Version, p.cause AS Cause
        FROM dbo.rescore_pending AS p
        ORDER BY p.enqueued_at, p.claim_id;
        """;

    private const string PendingOfSql = """
        SELECT p.claim_id AS ClaimId, p.version AS Version, p.cause AS Cause
        FROM @Ids AS i INNER JOIN dbo.rescore_pending AS p ON p.claim_id = i.id;
        """;

    public async Task<IReadOnlyList<PendingRescore>> PendingRescoresAsync(int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await QueryAsync<PendingRescore>(c, PendingSql, new { Limit = limit }, null, ct);
    }

    public async Task<IReadOnlyList<PendingRescore>> PendingRescoresOfAsync(IReadOnlyList<string> claimIds, CancellationToken ct)
    {
        if (claimIds.Count == 0) return [];
        await using var c = await OpenAsync(ct);
        return await QueryAsync<PendingRescore>(c, PendingOfSql, new { Ids = IdList(claimIds) }, null, ct);
    }

    // The compare-and-delete is the version check. It runs before the status is stored: a writer that bumped the
    // row first makes it match nothing (on SQL Server and on PostgreSQL the DELETE waits for that writer's row lock,
    // then sees the new version), and the claim's result is then not stored.
    private const string DeletePendingSql = "DELETE FROM dbo.rescore_pending WHERE claim_id = @ClaimId AND version = @Version;";

    public Task<IReadOnlyList<StatusTransitionRecord>> RecordRescoredAsync(IReadOnlyList<RescoredClaim> results, DateTimeOffset at, CancellationToken ct)
    {
        if (results.Count == 0) return Task.FromResult<IReadOnlyList<StatusTransitionRecord>>([]);
        var distinct = results.DistinctBy(r => r.Pending.ClaimId, StringComparer.Ordinal).OrderBy(r => r.Pending.ClaimId, StringComparer.Ordinal).ToList();
        return WriteAsync(async (c, tx) =>
        {
            await LockStatusWritesAsync(c, tx, ct);
            var current = new List<RescoredClaim>(distinct.Count);
            foreach (var r in distinct)
            {
                if (await ExecuteAsync(c, DeletePendingSql, new { r.Pending.ClaimId, r.Pending.Version }, tx, ct) == 1) current.Add(r);
            }
            await StoreAssessmentsAsync(c, tx, current, ct);
            return await StoreStatusChangesAsync(c, tx, [.. current.Select(r => (r.Assessment, r.Pending.Cause))], at, ct);
        }, ct);
    }
}
