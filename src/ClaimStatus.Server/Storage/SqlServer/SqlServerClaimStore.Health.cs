using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Storage.SqlServer;

/// <summary>Readiness: can this service read and write its database right now?</summary>
public sealed partial class SqlServerClaimStore
{
    // A read, then a real row written and rolled back: a read-only database (3906), a full log (9002), a login that
    // may not write (229) or a lost connection fail here as they would fail a call, and nothing stays behind. No
    // claim has the empty id, so the probe row never meets a real one; its key lock lives only until the rollback.
    private const string ReadinessProbeSql = """
        SELECT TOP (1) c.id FROM dbo.claims AS c;

        INSERT INTO dbo.rescore_pending (claim_id, version, cause, enqueued_at)
        VALUES (N'', 0, N'readiness probe', TODATETIMEOFFSET(SYSUTCDATETIME(), 0));
        """;

    public async Task<StoreFailure?> CheckReadyAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
            try
            {
                await ExecuteAsync(connection, ReadinessProbeSql, null, transaction, ct);
            }
            finally
            {
                await AbandonAsync(transaction);
            }
            return null;
        }
        catch (SqlException e)
        {
            var failure = SqlServerErrors.Classify(e);
            return failure with { Message = $"{failure.Message} (SQL Server error {e.Number}: {e.Message})" };
        }
    }
}
