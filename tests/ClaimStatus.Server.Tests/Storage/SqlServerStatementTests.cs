using System.Data;
using System.Reflection;
using ClaimStatus.Scoring;
using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Storage.SqlServer;
using Dapper;
using DbUp.Engine.Preprocessors;
using DbUp.Support;
using Microsoft.Data.SqlClient;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Beyond parsing: every name a statement uses must exist in the schema the migrations build, every
/// parameter must be declared by the statement or supplied by the store method that sends it, and the
/// table-valued parameters must have the shape of their table types. Each check is also shown failing on a
/// broken sample, so a green run means something.</summary>
public sealed class SqlServerStatementTests
{
    private static readonly SqlServerSchema Schema = SqlServerSchema.FromMigrations();

    /// <summary>The table type of each table-valued parameter: the store's IdList, and @Batch for the checker's own samples.</summary>
    private static readonly Dictionary<string, string> TableParameters = new(StringComparer.Ordinal)
    {
        ["@Batch"] = "dbo.assertion_batch",
        ["@Ids"] = "dbo.id_list",
    };

    private static List<string> NameProblems(string sql)
    {
        var resolver = new SqlServerNameResolver(Schema, TableParameters);
        SqlServerScripts.Parse("sample", sql).Accept(resolver);
        return resolver.Problems;
    }

    [Fact]
    public void The_migrations_build_the_schema_and_key_only_columns_that_exist()
    {
        Assert.Equal(10, Schema.Tables.Count);
        Assert.Equal(new SqlColumn("detail", "varbinary(max)", true), Schema.Tables["dbo.claim_assessments"].Single(c => c.Name == "detail"));
        Assert.Equal(["dbo.assertion_batch", "dbo.claim_batch", "dbo.claim_topic_list", "dbo.id_list"], Schema.TableTypes.Keys.Order());
        // 0003 adds harmed parties to the claims and to the claim batch type, which it drops and creates again;
        // 0005 does the same for the recorder.
        Assert.Equal(["id", "text", "topics_json", "parties_json", "harmed_parties_json", "recorded_by"],
            Schema.TableTypes["dbo.claim_batch"].Select(c => c.Name));
        Assert.Equal("recorded_by", Schema.TableTypes["dbo.assertion_batch"][^1].Name);
        Assert.Equal(new SqlColumn("recorded_by", "nvarchar(400)", false), Schema.Tables["dbo.adjudications"].Single(c => c.Name == "recorded_by"));
        Assert.Equal(new SqlColumn("harmed_parties_json", "nvarchar(max)", false), Schema.Tables["dbo.claims"].Single(c => c.Name == "harmed_parties_json"));
        Assert.Empty(Schema.Problems);
        var redefined = SqlServerSchema.From([SqlServerScripts.Parse("sample", """
            CREATE TYPE dbo.t AS TABLE (a int NOT NULL);
            CREATE TYPE dbo.u AS TABLE (a int NOT NULL);
            DROP TYPE dbo.t;
            DROP TYPE dbo.u;
            CREATE TYPE dbo.u AS TABLE (b int NOT NULL);
            """)]);
        Assert.Equal(["dbo.u"], redefined.TableTypes.Keys);
        Assert.Equal(["b"], redefined.TableTypes["dbo.u"].Select(c => c.Name));

        var broken = SqlServerSchema.From([SqlServerScripts.Parse("sample", """
            CREATE TABLE dbo.t (id int NOT NULL, CONSTRAINT fk_t FOREIGN KEY (id) REFERENCES dbo.u (id));
            CREATE INDEX ix_t ON dbo.t (id) INCLUDE (missing);
            """)]);
        Assert.Equal(["fk_t: no table dbo.u", "ix_t: dbo.t has no column missing"], broken.Problems);
    }

    [Fact]
    public void Every_table_and_column_a_store_statement_names_exists()
    {
        var statements = SqlServerScripts.StoreStatements();
        Assert.True(statements.Count >= 25);
        var problems = statements.SelectMany(s => NameProblems(s.Sql).Select(p => $"{s.Name}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("SELECT s.id, s.nme FROM dbo.sources AS s;", "s.nme: no such column")]
    [InlineData("SELECT id FROM dbo.source;", "no table dbo.source")]
    [InlineData("SELECT x.id FROM dbo.sources AS s;", "x.id: no table or alias x in scope")]
    [InlineData("SELECT b.ord FROM @Batch AS b INNER JOIN dbo.assertions AS a ON a.claim_id = b.claim_id WHERE idem_key = N'k';",
        "idem_key is ambiguous between b, a")]
    [InlineData("SELECT i.id FROM @Other AS i;", "@Other: table-valued parameter of no known table type")]
    [InlineData("SELECT i.claim_id FROM @Ids AS i;", "i.claim_id: no such column")]
    [InlineData("INSERT INTO dbo.adjudications (claim_id, verdict) SELECT @C, @V;", "the insert target.verdict: no such column")]
    [InlineData("INSERT INTO dbo.claims (id) OUTPUT inserted.ident VALUES (@Id);", "inserted.ident: no such column")]
    [InlineData("UPDATE dbo.claims SET state = @S WHERE id = @Id;", "state: no table in scope has this column")]
    [InlineData("DELETE FROM dbo.source_track OUTPUT deleted.claim WHERE claim_id = @C;", "deleted.claim: no such column")]
    [InlineData("SELECT c.id FROM dbo.claims AS c WHERE EXISTS (SELECT 1 FROM dbo.claim_topics AS t WHERE t.claim_id = c.ident);",
        "c.ident: no such column")]
    [InlineData("WITH x AS (SELECT id AS claim FROM dbo.claims) SELECT claim_id FROM x;", "claim_id: no table in scope has this column")]
    [InlineData("SELECT d.id FROM (SELECT id AS claim FROM dbo.claims) AS d;", "d.id: no such column")]
    [InlineData("SELECT id AS claim FROM dbo.claims WHERE claim = N'x';", "claim: no table in scope has this column")]
    public void A_statement_naming_what_does_not_exist_is_caught(string sql, string problem) =>
        Assert.Equal([problem], NameProblems(sql));

    [Theory]
    [InlineData("WITH x AS (SELECT id AS claim FROM dbo.claims) SELECT d.claim FROM (SELECT claim FROM x) AS d ORDER BY d.claim;")]
    [InlineData("SELECT c.id AS claim FROM dbo.claims AS c ORDER BY claim;")]
    [InlineData("UPDATE dbo.claims SET status = @S OUTPUT deleted.status, inserted.status WHERE id = @Id;")]
    public void What_SQL_Server_resolves_is_not_reported(string sql) => Assert.Empty(NameProblems(sql));

    [Fact]
    public void Every_parameter_a_store_statement_uses_is_declared_or_supplied_by_the_method_that_sends_it()
    {
        var methods = SqlServerStoreIl.Methods(typeof(SqlServerClaimStore));
        var problems = SqlServerScripts.StoreStatements()
            .SelectMany(s => SqlServerParameters.Problems(s.Sql, methods).Select(p => $"{s.Name}: {p}"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_parameter_nobody_supplies_is_caught()
    {
        var methods = SqlServerStoreIl.Methods(typeof(BrokenStore));
        Assert.Equal(["Send supplies no @ClaimID"], SqlServerParameters.Problems(BrokenStore.MisspelledSql, methods));
        Assert.Equal(["Send: @Ids is read as a table but given as String[], not as a table-valued parameter"],
            SqlServerParameters.Problems(BrokenStore.ListSql, methods));
        Assert.Equal(["Send supplies no @stop"], SqlServerParameters.Problems(BrokenStore.UndeclaredSql, methods));
        Assert.Equal(["no method of the store sends it"], SqlServerParameters.Problems("SELECT 1 AS never_sent;", methods));
        Assert.Empty(SqlServerParameters.Problems(BrokenStore.DeclaredSql, methods));
    }

    /// <summary>Sends statements the way the store does, with the mistakes the parameter check must catch.</summary>
    private static class BrokenStore
    {
        public const string MisspelledSql = "SELECT id FROM dbo.claims WHERE id = @ClaimID;";
        public const string ListSql = "SELECT i.id FROM @Ids AS i WHERE i.id <> @ClaimId;";
        public const string UndeclaredSql = "SELECT @stop;";
        public const string DeclaredSql = "DECLARE @stop int = 1; SELECT @stop;";

        public static object[] Send() =>
        [
            (MisspelledSql, new { ClaimId = "c" }),
            (ListSql, new { Ids = new[] { "a" }, ClaimId = "c" }),
            (UndeclaredSql, DeclaredSql, (object?)null),
        ];
    }

    private static List<string> RowProblems(string sql, Type row)
    {
        var resolver = new SqlServerNameResolver(Schema, TableParameters);
        SqlServerScripts.Parse("sample", sql).Accept(resolver);
        return resolver.Result is { } result ? SqlServerRows.Problems(result, row) : ["returns no result set"];
    }

    [Fact]
    public void Every_result_set_fits_the_type_Dapper_reads_it_into()
    {
        var statements = SqlServerScripts.StoreStatements().ToDictionary(s => s.Sql, s => s.Name);
        var reads = SqlServerStoreIl.Methods(typeof(SqlServerClaimStore)).SelectMany(m => m.Reads)
            .Where(r => statements.ContainsKey(r.Sql)).Distinct().ToList();
        Assert.True(reads.Count >= 25, $"only {reads.Count} reads found");
        var problems = reads.SelectMany(r => RowProblems(r.Sql, r.Row).Select(p => $"{statements[r.Sql]} as {r.Row.Name}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("SELECT t.transition_time AS id, t.claim_id FROM dbo.status_transitions AS t;", "TransitionRow", "id: datetimeoffset(7) read into Int64")]
    [InlineData("SELECT s.id, s.grade AS grades FROM dbo.sources AS s;", "SourceRow", "grades is read into no property of SourceRow")]
    [InlineData("SELECT c.id, c.created_at FROM dbo.claims AS c;", "ClaimRow", "")]
    [InlineData("SELECT t.source_id, COUNT_BIG(*) AS claims FROM dbo.source_track AS t GROUP BY t.source_id;", "TrackRecordRow",
        "claims: bigint read into Int32")]
    [InlineData("SELECT TOP (1) b.ord AS Ord, b.claim_id AS Id, N'claim_id' AS Field FROM @Batch AS b;", "MissingReference",
        "Id is read into parameter Field of MissingReference|Field is read into parameter Id of MissingReference")]
    [InlineData("SELECT TOP (1) CAST(b.ord AS bigint) AS Ord, N'claim_id' AS Field, b.claim_id AS Id FROM @Batch AS b;", "MissingReference",
        "Ord: bigint read into Int32")]
    [InlineData("UPDATE dbo.claims SET status = @S WHERE id = @Id;", "ClaimRow", "returns no result set")]
    public void A_result_set_that_does_not_fit_its_row_is_caught(string sql, string row, string problem)
    {
        var type = typeof(SqlServerClaimStore).GetNestedType(row, BindingFlags.NonPublic)!;
        Assert.Equal(problem.Split('|', StringSplitOptions.RemoveEmptyEntries), RowProblems(sql, type));
    }

    [Fact]
    public void A_single_value_of_another_type_is_caught() =>
        Assert.Equal(["n: bigint read into Int32"], RowProblems("SELECT COUNT_BIG(*) AS n FROM dbo.claims;", typeof(int)));

    [Fact]
    public void Table_valued_parameters_have_the_columns_of_their_table_types_in_order()
    {
        var samples = new Dictionary<string, object[]>(StringComparer.Ordinal)
        {
            ["IdList"] = [new[] { "a", "b", "a" }],
        };
        var factories = typeof(SqlServerClaimStore).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(SqlMapper.ICustomQueryParameter))
            .ToList();
        Assert.Equal(samples.Keys.Order(), factories.Select(f => f.Name).Order());

        foreach (var factory in factories)
        {
            var parameter = AsSent((SqlMapper.ICustomQueryParameter)factory.Invoke(null, samples[factory.Name])!);
            Assert.Equal(SqlDbType.Structured, parameter.SqlDbType);
            var problems = SqlServerParameters.TableProblems(parameter, Schema);
            Assert.True(problems.Count == 0, $"{factory.Name}: " + string.Join("; ", problems));
        }
    }

    /// <summary>The parameter each JSON rows factory of the store builds (see the store's JsonRows).</summary>
    private static readonly Dictionary<string, string> JsonRowsParameters = new(StringComparer.Ordinal)
    {
        ["BatchRows"] = "@Batch",
        ["ClaimBatchRows"] = "@Claims",
        ["TopicRows"] = "@Topics",
    };

    /// <summary>What every store statement's OPENJSON of the parameter declares: the property path, the column, AS JSON.</summary>
    private static List<SqlServerParameters.JsonColumn> JsonDeclarations(string parameter) =>
        [.. SqlServerScripts.StoreStatements().SelectMany(s => SqlServerParameters.OpenJsonDeclarations(s.Sql, parameter))];

    [Fact]
    public void Json_rows_carry_every_property_their_statements_read_and_only_those()
    {
        var batch = new List<NewAssertion>
        {
            new("c", "s", Stance.Supports, Hedge.Certain, EvidenceKind.NewsReport, new DateTimeOffset(2024, 10, 18, 12, 0, 0, TimeSpan.FromHours(9)), null, null, "k1"),
            new("c", "s", Stance.Reports, Hedge.Possible, EvidenceKind.Other, DateTimeOffset.UnixEpoch, "relay", "it's \"quoted\"", "k2"),
            new("c", "s", Stance.Reports, Hedge.Possible, EvidenceKind.Other, DateTimeOffset.UnixEpoch, "relay", "it's \"quoted\"", "k2"),
        };
        var claims = new List<NewClaim>
        {
            new("c1", "text", ["t1", "t2", "t1"], ["p"], ["p"]), new("c2", "other", [], [], []), new("c1", "text", ["t1", "t2", "t1"], ["p"], ["p"]),
        };
        var samples = new Dictionary<string, object[]>(StringComparer.Ordinal)
        {
            ["BatchRows"] = [batch, StoreRules.FirstOccurrences(batch)],
            ["ClaimBatchRows"] = [claims, StoreRules.FirstOccurrences(claims)],
            ["TopicRows"] = [claims.Select(c => new ClaimRecord(c.Id, c.Text, c.Topics, c.Parties, c.HarmedParties, DateTimeOffset.UnixEpoch, null, c.RecordedBy))],
        };
        var factories = typeof(SqlServerClaimStore).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(DbString) && !m.IsGenericMethodDefinition)
            .ToList();
        Assert.Equal(samples.Keys.Order(), factories.Select(f => f.Name).Order());

        foreach (var factory in factories)
        {
            var rows = (DbString)factory.Invoke(null, samples[factory.Name])!;
            Assert.False(rows.IsAnsi);
            var declared = JsonDeclarations(JsonRowsParameters[factory.Name]);
            Assert.NotEmpty(declared);
            var problems = SqlServerParameters.JsonRowsProblems(rows.Value!, declared);
            Assert.True(problems.Count == 0, $"{factory.Name}: " + string.Join("; ", problems));
        }
        // A key given twice travels once; the first occurrence keeps its position in the request. Times go as UTC.
        using var sent = System.Text.Json.JsonDocument.Parse(((DbString)factories.Single(f => f.Name == "BatchRows").Invoke(null, samples["BatchRows"])!).Value!);
        Assert.Equal([0, 1], sent.RootElement.EnumerateArray().Select(r => r.GetProperty("ord").GetInt32()));
        Assert.Equal("2024-10-18T03:00:00.0000000", sent.RootElement[0].GetProperty("observed_at").GetString());
    }

    [Fact]
    public void Json_rows_out_of_shape_are_caught()
    {
        var declared = SqlServerParameters.OpenJsonDeclarations("""
            SELECT b.ord, b.claim_id, b.topics_json, b.observed_at
            FROM OPENJSON(@Batch) WITH (ord int, claim_id nvarchar(5), topics_json nvarchar(max) '$.topics' AS JSON,
                                        observed_at datetime2(7)) AS b;
            """, "@Batch");
        Assert.Equal(
        [
            "row 0 ord: a string for int",
            "row 0 claim_id: 7 characters for nvarchar(5)",
            "row 0 topics: a String where AS JSON needs an array or object",
            "row 0 observed_at: 'yesterday' is not an ISO 8601 date and time",
            "row 0 extra: sent but read by no statement",
            "row 1 claim_id: missing",
        ], SqlServerParameters.JsonRowsProblems("""
            [{"ord":"1","claim_id":"toolong","topics":"[]","observed_at":"yesterday","extra":1},
             {"ord":2,"topics":[],"observed_at":"2024-10-18T12:00:00.0000000"}]
            """, declared));
    }

    [Fact]
    public void A_table_valued_parameter_out_of_shape_is_caught()
    {
        var table = new DataTable();
        table.Columns.Add("ord", typeof(long));
        table.Columns.Add("source_id", typeof(string));
        table.Columns.Add("claim_id", typeof(string));
        table.Rows.Add(1L, null, new string('x', 201));
        Assert.Equal(
        [
            "dbo.assertion_batch has 11 columns, 3 sent",
            "column 0 ord: Int64 sent for int",
            "column 1 is source_id, the type's is claim_id",
            "row 0 column 1: NULL in a NOT NULL column",
            "column 2 is claim_id, the type's is source_id",
            "row 0 column 2: 201 characters for nvarchar(200)",
        ], SqlServerParameters.TableProblems(AsSent(table.AsTableValuedParameter("dbo.assertion_batch")), Schema));
        Assert.Equal(["no table type id_list"], SqlServerParameters.TableProblems(AsSent(new DataTable().AsTableValuedParameter("id_list")), Schema));
    }

    /// <summary>The parameter Dapper adds to a SqlCommand for this value; no server is needed for that.</summary>
    private static SqlParameter AsSent(SqlMapper.ICustomQueryParameter value)
    {
        using var command = new SqlCommand();
        value.AddParameter(command, "@p");
        return command.Parameters[0];
    }

    [Fact]
    public void DbUp_splits_the_migrations_into_the_batches_that_parse()
    {
        foreach (var (name, sql) in SqlServerScripts.MigrationScripts())
        {
            // DbUp substitutes $name$ variables before running a script, and fails on one it does not know.
            var substituted = new VariableSubstitutionPreprocessor(new Dictionary<string, string>()).Process(sql);
            Assert.Equal(sql, substituted);
            var batches = new SqlCommandSplitter().SplitScriptIntoCommands(substituted).ToList();
            var parsed = SqlServerScripts.Parse(name, sql);
            Assert.Equal(parsed.Batches.Count, batches.Count);
            Assert.Equal(SqlServerScripts.StatementCount(parsed),
                batches.Sum(b => SqlServerScripts.StatementCount(SqlServerScripts.Parse($"{name} as DbUp sends it", b))));
        }
    }
}
