using System.Collections.Concurrent;
using System.Data;
using ClaimStatus.Scoring;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Telemetry;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ClaimStatus.Server.Storage.Sqlite;

// Status reads are the hot path. Profiling GetStatus showed SQLite compiling its statements taking about
// twice as long as running them, because every new command prepares its SQL again. So evidence reads keep
// a few open connections, each holding its commands prepared, and only rebind the parameters.
// Each session also remembers the evidence of the single claims it read, and reuses it only while
// PRAGMA data_version (which changes whenever any other connection, in any process, commits) is unchanged
// and the new as-of time lies before the next stored time that could change what the filters admit.
public sealed partial class SqliteClaimStore : IDisposable
{
    // A queue, not a bag: a bag taken from on another thread than it was filled on locks to steal.
    private readonly ConcurrentQueue<EvidenceSession> idleSessions = [];
    private int idleCount;

    // Enough for the concurrency of a small server; above that, sessions are closed after use.
    private static readonly int MaxIdleSessions = Environment.ProcessorCount * 4;

    private async Task<EvidenceSession> TakeEvidenceSessionAsync(CancellationToken ct)
    {
        if (idleSessions.TryDequeue(out var session))
        {
            Interlocked.Decrement(ref idleCount);
            return session;
        }
        return new EvidenceSession(await OpenAsync(ct));
    }

    private void ReturnEvidenceSession(EvidenceSession session)
    {
        if (Interlocked.Increment(ref idleCount) <= MaxIdleSessions) idleSessions.Enqueue(session);
        else
        {
            Interlocked.Decrement(ref idleCount);
            session.Dispose();
        }
    }

    public void Dispose()
    {
        while (idleSessions.TryDequeue(out var session)) session.Dispose();
    }

    /// <summary>One open connection with the evidence commands prepared on it; used by one read at a time.</summary>
    private sealed class EvidenceSession(SqliteConnection connection) : IDisposable
    {
        private readonly SqliteCommand claimRows = Command(connection, ClaimRowsSql, "@Ids", "@AsOf");
        private readonly SqliteCommand sourceRows = Command(connection, SourceRowsSql, "@Sources", "@AsOf", "@Ids");
        private readonly SqliteCommand dataVersion = Command(connection, "PRAGMA data_version;");
        private readonly SqliteCommand currentRows = Command(connection, CurrentAssessmentsSql, "@Ids", "@PolicyVersion", "@Now", "@Full");
        private readonly Dictionary<string, Remembered> remembered = new(StringComparer.Ordinal);
        private long rememberedVersion = -1;

        // Bounds each session's memory; the hot claims come straight back after a clear.
        private const int MaxRemembered = 1024;

        /// <param name="NextChange">The earliest stored time after ReadAsOf an as-of filter looks at; null if none.</param>
        private sealed record Remembered(ClaimEvidence Evidence, string ReadAsOf, string? NextChange);

        private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters) command.Parameters.Add(name, SqliteType.Text);
            return command;
        }

        public IReadOnlyList<ClaimEvidence> Load(IReadOnlyList<string> claimIds, string asOfText, DateTimeOffset asOf)
        {
            if (claimIds.Count != 1) return Read(claimIds, asOfText, asOf).Evidence;

            // Read before the snapshot below: a commit in between makes the next call see a new version.
            var version = (long)dataVersion.ExecuteScalar()!;
            if (version != rememberedVersion || remembered.Count >= MaxRemembered)
            {
                remembered.Clear();
                rememberedVersion = version;
            }
            // Times are fixed-width UTC text, so ordinal order is time order.
            if (remembered.TryGetValue(claimIds[0], out var known)
                && string.CompareOrdinal(asOfText, known.ReadAsOf) >= 0
                && (known.NextChange is null || string.CompareOrdinal(asOfText, known.NextChange) < 0))
                return [known.Evidence with { AsOf = asOf }];

            var (evidence, nextChange) = Read(claimIds, asOfText, asOf);
            if (evidence.Count == 1) remembered[claimIds[0]] = new Remembered(evidence[0], asOfText, nextChange);
            return evidence;
        }

        public List<StoredAssessment> Current(string ids, string policyVersion, string now, bool full)
        {
            currentRows.Parameters[0].Value = ids;
            currentRows.Parameters[1].Value = policyVersion;
            currentRows.Parameters[2].Value = now;
            currentRows.Parameters[3].Value = full ? "1" : "0";
            return Run(currentRows, reader =>
            {
                var rows = new List<StoredAssessment>();
                while (reader.Read())
                    rows.Add(new StoredAssessment(reader.GetString(0), (byte[])reader.GetValue(1), reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2)));
                return rows;
            });
        }

        private (IReadOnlyList<ClaimEvidence> Evidence, string? NextChange) Read(
            IReadOnlyList<string> claimIds, string asOfText, DateTimeOffset asOf)
        {
            // Both commands read one snapshot.
            using var transaction = connection.BeginTransaction(deferred: true);
            claimRows.Transaction = sourceRows.Transaction = transaction;
            var ids = Json(claimIds.Distinct(StringComparer.Ordinal));
            claimRows.Parameters[0].Value = ids;
            claimRows.Parameters[1].Value = asOfText;
            var (assertions, claims, adjudications, ownRows) = Run(claimRows, reader =>
                (Rows<AssertionRow>(reader), Rows<ClaimRow>(reader), Rows<AdjudicationRow>(reader), Rows<TrackRecordRow>(reader)));

            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in assertions)
            {
                named.Add(a.SourceId);
                if (a.ReportedVia is not null) named.Add(a.ReportedVia);
            }
            sourceRows.Parameters[0].Value = Json(named);
            sourceRows.Parameters[1].Value = asOfText;
            sourceRows.Parameters[2].Value = ids;
            var (sources, totals, nextChange) = Run(sourceRows, reader =>
                (Rows<SourceRow>(reader), Rows<TrackRecordRow>(reader), Rows<NextChangeRow>(reader)[0].NextChange));

            var evidence = EvidenceBuilder.Build(
                claimIds,
                claims.ToDictionary(r => r.Id, r => r.ToParties()),
                assertions.Select(a => (a.ClaimId, a.ToEvidence())),
                sources.ToDictionary(s => s.Id, s => s.ToProfile()),
                totals.ToDictionary(r => r.SourceId, r => new TrackSum(r.Claims, r.ToRecord())),
                ownRows.Select(r => new TrackRow(r.ClaimId, r.SourceId, r.ToRecord())),
                adjudications.ToDictionary(a => a.ClaimId, a => a.ToEvidence()),
                asOf);
            return (evidence, nextChange);
        }

        private sealed class NextChangeRow
        {
            public string? NextChange { get; set; }
        }

        // SQLite runs in-process and its "async" calls are synchronous, so the reads are plain calls; the
        // span is the same one every other command gets.
        private static T Run<T>(SqliteCommand command, Func<SqliteDataReader, T> read) =>
            SqliteSpan.TraceAsync(command.CommandText, null, () =>
            {
                using var reader = command.ExecuteReader();
                return Task.FromResult(read(reader));
            }).GetAwaiter().GetResult();

        /// <summary>The current result set through Dapper's row mapping, then on to the next one.</summary>
        private static List<T> Rows<T>(SqliteDataReader reader)
        {
            var rows = new List<T>();
            var parse = reader.GetRowParser<T>();
            while (reader.Read()) rows.Add(parse(reader));
            reader.NextResult();
            return rows;
        }

        public void Dispose()
        {
            claimRows.Dispose();
            sourceRows.Dispose();
            dataVersion.Dispose();
            currentRows.Dispose();
            connection.Dispose();
        }
    }
}
