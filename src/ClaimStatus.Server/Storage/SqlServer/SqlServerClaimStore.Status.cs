using ClaimStatus.Scoring;

namespace ClaimStatus.Server.Storage.SqlServer;

// The status history: one row per change of a claim's computed status.
public sealed partial class SqlServerClaimStore
{
    // UPDLOCK holds the claim row until commit: two replicas scoring one claim compare in turn, not together.
    private const string CurrentStatusSql = "SELECT id, status FROM dbo.claims WITH (UPDLOCK) WHERE id = @Id;";

    private const string InsertTransitionSql = """
        INSERT INTO dbo.status_transitions (claim_id, from_status, to_status, transition_time, probability, uncertainty, policy_version, cause)
        OUTPUT CAST(inserted.id AS bigint)
        VALUES (@ClaimId, @FromStatus, @ToStatus, @TransitionTime, @Probability, @Uncertainty, @PolicyVersion, @Cause);

        UPDATE dbo.claims SET status = @ToStatus WHERE id = @ClaimId;
        """;

    public async Task<StatusTransitionRecord?> RecordStatusAsync(ClaimAssessment assessment, string cause, DateTimeOffset at, CancellationToken ct) =>
        (await RecordStatusesAsync([assessment], cause, at, ct)).SingleOrDefault();

    // One transaction for the batch; claims in id order, so two replicas locking overlapping batches take
    // the row locks in the same order and wait for each other instead of deadlocking.
    public Task<IReadOnlyList<StatusTransitionRecord>> RecordStatusesAsync(
        IReadOnlyList<ClaimAssessment> assessments, string cause, DateTimeOffset at, CancellationToken ct)
    {
        if (assessments.Count == 0) return Task.FromResult<IReadOnlyList<StatusTransitionRecord>>([]);
        return WriteAsync<IReadOnlyList<StatusTransitionRecord>>(async (c, tx) =>
        {
            var stored = new List<StatusTransitionRecord>();
            foreach (var assessment in assessments.OrderBy(a => a.ClaimId, StringComparer.Ordinal))
            {
                var claim = await QuerySingleOrDefaultAsync<ClaimRow>(c, CurrentStatusSql, new { Id = assessment.ClaimId }, tx, ct)
                    ?? throw new MissingReferenceException("claim_id", assessment.ClaimId);
                Verdict? from = claim.Status is null ? null : Enum.Parse<Verdict>(claim.Status);
                if (from == assessment.Verdict) continue;

                var transition = new StatusTransitionRecord(0, assessment.ClaimId, from, assessment.Verdict, StoreRules.Utc(at),
                    assessment.Probability, assessment.Uncertainty, assessment.PolicyVersion, cause);
                var id = await ExecuteScalarAsync<long>(c, InsertTransitionSql, new
                {
                    transition.ClaimId, FromStatus = from?.ToString(), ToStatus = transition.To.ToString(), transition.TransitionTime,
                    transition.Probability, transition.Uncertainty, transition.PolicyVersion, transition.Cause,
                }, tx, ct);
                stored.Add(transition with { Id = id });
            }
            return stored;
        }, ct);
    }

    private const string ListTransitionsSql = """
        SELECT TOP (@Limit) CAST(t.id AS bigint) AS id, t.claim_id, t.from_status, t.to_status, t.transition_time,
               t.probability, t.uncertainty, t.policy_version, t.cause
        FROM dbo.status_transitions AS t
        WHERE t.claim_id = @ClaimId AND (@AfterId IS NULL OR t.id > CAST(@AfterId AS binary(8)))
        ORDER BY t.id;
        """;

    public async Task<IReadOnlyList<StatusTransitionRecord>> ListTransitionsAsync(string claimId, long? afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<TransitionRow>(c, ListTransitionsSql, new { ClaimId = claimId, AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    // Rows at or above MIN_ACTIVE_ROWVERSION() may sit behind a transaction still open on another replica;
    // stopping below it means a watcher never moves past a transition that commits later. The bound is read
    // by its own statement, before the SELECT's snapshot (READ_COMMITTED_SNAPSHOT takes one per statement):
    // read within the SELECT, a transaction committing between the snapshot and the bound would fall below
    // the bound yet be missing from the snapshot, and be skipped for good.
    private const string TransitionsAfterSql = """
        DECLARE @stop binary(8) = MIN_ACTIVE_ROWVERSION();
        SELECT TOP (@Limit) CAST(t.id AS bigint) AS id, t.claim_id, t.from_status, t.to_status, t.transition_time,
               t.probability, t.uncertainty, t.policy_version, t.cause
        FROM dbo.status_transitions AS t
        WHERE t.id > CAST(@AfterId AS binary(8)) AND t.id < @stop
        ORDER BY t.id;
        """;

    public async Task<IReadOnlyList<StatusTransitionRecord>> TransitionsAfterAsync(long afterId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await QueryAsync<TransitionRow>(c, TransitionsAfterSql, new { AfterId = afterId, Limit = limit }, null, ct);
        return rows.ConvertAll(r => r.ToRecord());
    }

    private const string LatestTransitionIdSql = """
        DECLARE @stop binary(8) = MIN_ACTIVE_ROWVERSION();
        SELECT ISNULL(CAST(MAX(t.id) AS bigint), 0) FROM dbo.status_transitions AS t WHERE t.id < @stop;
        """;

    public async Task<long> LatestTransitionIdAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await ExecuteScalarAsync<long>(c, LatestTransitionIdSql, null, null, ct);
    }
}
