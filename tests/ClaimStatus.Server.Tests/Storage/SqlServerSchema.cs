using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>One column as the migrations declare it; Type is as written, lower case ("nvarchar(200)").</summary>
internal sealed record SqlColumn(string Name, string Type, bool Nullable);

/// <summary>The tables and table types the migrations create, with their columns in order. Names compare exactly
/// (ordinal): a database with a case-sensitive collation resolves them that way.</summary>
internal sealed class SqlServerSchema
{
    public Dictionary<string, List<SqlColumn>> Tables { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<SqlColumn>> TableTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Index, key and foreign key columns that name no column of their table.</summary>
    public List<string> Problems { get; } = [];

    public static SqlServerSchema FromMigrations() =>
        From(SqlServerScripts.MigrationScripts().Select(s => SqlServerScripts.Parse(s.Name, s.Sql)));

    public static SqlServerSchema From(IEnumerable<TSqlScript> scripts)
    {
        var schema = new SqlServerSchema();
        var statements = scripts.SelectMany(s => s.Batches).SelectMany(b => b.Statements).ToList();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case CreateTableStatement create:
                    schema.Tables[Name(create.SchemaObjectName)] = Columns(create.Definition);
                    break;
                case CreateTypeTableStatement type:
                    schema.TableTypes[Name(type.Name)] = Columns(type.Definition);
                    break;
                case DropTypeStatement drop:
                    schema.TableTypes.Remove(Name(drop.Name));
                    break;
                case AlterTableAddTableElementStatement alter when schema.Tables.TryGetValue(Name(alter.SchemaObjectName), out var columns):
                    columns.AddRange(Columns(alter.Definition));
                    break;
            }
        }
        foreach (var statement in statements) schema.CheckKeys(statement);
        return schema;
    }

    /// <summary>"dbo.sources"; an unqualified name is taken as dbo's.</summary>
    public static string Name(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}";

    private static List<SqlColumn> Columns(TableDefinition definition) =>
        definition.ColumnDefinitions.Select(c => new SqlColumn(
            c.ColumnIdentifier.Value,
            SqlServerScripts.Text(c.DataType),
            c.Constraints.OfType<NullableConstraintDefinition>().SingleOrDefault()?.Nullable ?? true)).ToList();

    private void CheckKeys(TSqlStatement statement)
    {
        switch (statement)
        {
            case CreateIndexStatement index:
                Expect(Name(index.OnName), index.Columns.Select(c => Last(c.Column)).Concat(index.IncludeColumns.Select(Last)), index.Name.Value);
                break;
            case CreateTableStatement create:
                var table = Name(create.SchemaObjectName);
                foreach (var constraint in create.Definition.TableConstraints)
                {
                    var name = constraint.ConstraintIdentifier?.Value ?? table;
                    switch (constraint)
                    {
                        case UniqueConstraintDefinition key:
                            Expect(table, key.Columns.Select(c => Last(c.Column)), name);
                            break;
                        case ForeignKeyConstraintDefinition fk:
                            Expect(table, fk.Columns.Select(c => c.Value), name);
                            Expect(Name(fk.ReferenceTableName), fk.ReferencedTableColumns.Select(c => c.Value), name);
                            break;
                    }
                }
                break;
        }
    }

    private void Expect(string table, IEnumerable<string> columns, string what)
    {
        if (!Tables.TryGetValue(table, out var known))
        {
            Problems.Add($"{what}: no table {table}");
            return;
        }
        foreach (var column in columns.Where(c => known.All(k => k.Name != c)))
            Problems.Add($"{what}: {table} has no column {column}");
    }

    private static string Last(ColumnReferenceExpression column) => column.MultiPartIdentifier.Identifiers[^1].Value;
}
