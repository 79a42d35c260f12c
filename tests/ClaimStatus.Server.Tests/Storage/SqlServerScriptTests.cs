using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Without a SQL Server at hand, every T-SQL text the service can send is at least parsed by
/// SQL Server 2019's own grammar: the migrations and every const string of the SQL Server store.</summary>
public sealed class SqlServerScriptTests
{
    private static List<(string Name, string Sql)> StoreStatements() => SqlServerScripts.StoreStatements();

    private static List<(string Name, string Sql)> MigrationScripts() => SqlServerScripts.MigrationScripts();

    private static TSqlScript Parse(string name, string sql) => SqlServerScripts.Parse(name, sql);

    private static int StatementCount(TSqlScript script) => SqlServerScripts.StatementCount(script);

    [Fact]
    public void Every_store_statement_parses_as_SQL_Server_2019()
    {
        var statements = StoreStatements();
        Assert.True(statements.Count >= 25, $"only {statements.Count} const strings found in the SQL Server store");
        foreach (var (name, sql) in statements)
            Assert.True(StatementCount(Parse(name, sql)) >= 1, $"{name} holds no statement");
    }

    [Fact]
    public void The_migrations_parse_as_SQL_Server_2019()
    {
        var scripts = MigrationScripts();
        Assert.NotEmpty(scripts);
        var statements = scripts.Sum(s => StatementCount(Parse(s.Name, s.Sql)));
        // 7 tables, 6 indexes and 2 table types in the first migration alone.
        Assert.True(statements >= 15, $"only {statements} statements in the migrations");
    }

    [Fact]
    public void Nothing_uses_MERGE()
    {
        var merges = new MergeFinder();
        Parse("sample", "MERGE dbo.t AS t USING dbo.s AS s ON t.id = s.id WHEN MATCHED THEN DELETE;").Accept(merges);
        Assert.Equal(["sample"], merges.Found.Select(_ => "sample"));

        merges.Found.Clear();
        foreach (var (name, sql) in StoreStatements().Concat(MigrationScripts()))
        {
            Parse(name, sql).Accept(merges);
            Assert.True(merges.Found.Count == 0, $"{name} uses MERGE");
        }
    }

    [Fact]
    public void Every_insert_if_absent_locks_the_key_it_checks()
    {
        var checkedInserts = 0;
        foreach (var (name, sql) in StoreStatements())
        {
            var finder = new NotExistsFinder();
            Parse(name, sql).Accept(finder);
            foreach (var table in finder.Tables)
            {
                checkedInserts++;
                var hints = table.TableHints.Select(h => h.HintKind).ToList();
                Assert.True(hints.Contains(TableHintKind.UpdLock) && hints.Contains(TableHintKind.HoldLock),
                    $"{name}: NOT EXISTS on {table.SchemaObject.BaseIdentifier.Value} without UPDLOCK, HOLDLOCK");
            }
        }
        Assert.True(checkedInserts >= 4, $"only {checkedInserts} NOT EXISTS checks found");
    }

    private sealed class MergeFinder : TSqlFragmentVisitor
    {
        public List<MergeStatement> Found { get; } = [];

        public override void Visit(MergeStatement node) => Found.Add(node);
    }

    /// <summary>The tables read by NOT EXISTS subqueries inside INSERT statements.</summary>
    private sealed class NotExistsFinder : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Tables { get; } = [];

        public override void Visit(InsertStatement node)
        {
            var inner = new ExistsTables();
            node.Accept(inner);
            Tables.AddRange(inner.Tables);
        }

        private sealed class ExistsTables : TSqlFragmentVisitor
        {
            public List<NamedTableReference> Tables { get; } = [];

            public override void Visit(BooleanNotExpression node)
            {
                if (node.Expression is not ExistsPredicate exists) return;
                var tables = new TableCollector();
                exists.Accept(tables);
                Tables.AddRange(tables.Tables);
            }
        }

        private sealed class TableCollector : TSqlFragmentVisitor
        {
            public List<NamedTableReference> Tables { get; } = [];

            public override void Visit(NamedTableReference node) => Tables.Add(node);
        }
    }
}
