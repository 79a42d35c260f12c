using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Resolves every table and column a statement names against the migrations' schema, as SQL Server's
/// binder would: a qualified column through its table or alias, an unqualified one in the innermost query
/// whose tables have it (two of them is ambiguous), OUTPUT's inserted/deleted as the target table, derived
/// tables and CTEs by their select lists, and table-valued parameters by their table type.</summary>
/// <param name="tableParameters">Table type of each table-valued parameter, e.g. @Ids → dbo.id_list.</param>
internal sealed class SqlServerNameResolver(SqlServerSchema schema, IReadOnlyDictionary<string, string> tableParameters)
    : TSqlFragmentVisitor
{
    /// <summary>The columns each name in a FROM clause stands for; null when unknown (SELECT * of a derived table).</summary>
    private sealed class Scope(Dictionary<string, IReadOnlyCollection<string>?> tables, IReadOnlyCollection<string> outputNames)
    {
        public Dictionary<string, IReadOnlyCollection<string>?> Tables { get; } = tables;
        public IReadOnlyCollection<string> OutputNames { get; } = outputNames;
    }

    private readonly Stack<Scope> scopes = new();
    private readonly Dictionary<string, IReadOnlyCollection<string>?> ctes = new(StringComparer.Ordinal);
    private Dictionary<string, IReadOnlyCollection<string>?> outputTables = [];
    private int inOrderBy;

    public List<string> Problems { get; } = [];

    // Visit runs before the children, so the CTEs are known before the query that reads them is resolved.
    public override void Visit(StatementWithCtesAndXmlNamespaces node)
    {
        foreach (var cte in node.WithCtesAndXmlNamespaces?.CommonTableExpressions ?? [])
            ctes[cte.ExpressionName.Value] = cte.Columns.Count > 0 ? cte.Columns.Select(c => c.Value).ToList() : OutputNames(cte.QueryExpression);
    }

    public override void ExplicitVisit(QuerySpecification node)
    {
        var tables = new Dictionary<string, IReadOnlyCollection<string>?>(StringComparer.Ordinal);
        foreach (var reference in node.FromClause?.TableReferences ?? []) AddTables(reference, tables);
        Within(new Scope(tables, OutputNames(node) ?? []), () => base.ExplicitVisit(node));
    }

    // inserted and deleted exist only here; the FROM clause of an UPDATE or DELETE stays in scope around them.
    public override void ExplicitVisit(OutputClause node) =>
        Within(new Scope(outputTables, []), () => base.ExplicitVisit(node));

    public override void ExplicitVisit(OrderByClause node)
    {
        inOrderBy++;
        base.ExplicitVisit(node);
        inOrderBy--;
    }

    // The column list names the target's columns; OUTPUT sees the inserted row; the source is a query of its own.
    public override void ExplicitVisit(InsertSpecification node)
    {
        var target = TargetColumns(node.Target);
        foreach (var column in node.Columns) ExpectColumn(target, "the insert target", Last(column));
        node.InsertSource.Accept(this);
        outputTables = new(StringComparer.Ordinal) { ["inserted"] = target };
        node.OutputClause?.Accept(this);
    }

    public override void ExplicitVisit(UpdateSpecification node) =>
        VisitModification(node.Target, node.FromClause, () => base.ExplicitVisit(node));

    public override void ExplicitVisit(DeleteSpecification node) =>
        VisitModification(node.Target, node.FromClause, () => base.ExplicitVisit(node));

    public override void ExplicitVisit(NamedTableReference node)
    {
        var name = node.SchemaObject.BaseIdentifier.Value;
        if (!(node.SchemaObject.SchemaIdentifier is null && ctes.ContainsKey(name)) && !schema.Tables.ContainsKey(SqlServerSchema.Name(node.SchemaObject)))
            Problems.Add($"no table {SqlServerSchema.Name(node.SchemaObject)}");
        base.ExplicitVisit(node);
    }

    public override void ExplicitVisit(ColumnReferenceExpression node)
    {
        if (node.ColumnType != ColumnType.Regular) return;
        var parts = node.MultiPartIdentifier.Identifiers;
        var column = parts[^1].Value;
        if (parts.Count == 1) ResolveUnqualified(column);
        else ResolveQualified(parts[^2].Value, column);
    }

    private void VisitModification(TableReference target, FromClause? from, Action visit)
    {
        var columns = TargetColumns(target);
        outputTables = new(StringComparer.Ordinal) { ["inserted"] = columns, ["deleted"] = columns };
        var tables = new Dictionary<string, IReadOnlyCollection<string>?>(StringComparer.Ordinal);
        if (target is NamedTableReference named) tables[named.Alias?.Value ?? named.SchemaObject.BaseIdentifier.Value] = columns;
        foreach (var reference in from?.TableReferences ?? []) AddTables(reference, tables);
        Within(new Scope(tables, []), visit);
    }

    private void ResolveQualified(string qualifier, string column)
    {
        foreach (var scope in scopes)
        {
            if (!scope.Tables.TryGetValue(qualifier, out var columns)) continue;
            ExpectColumn(columns, qualifier, column);
            return;
        }
        Problems.Add($"{qualifier}.{column}: no table or alias {qualifier} in scope");
    }

    private void ResolveUnqualified(string column)
    {
        foreach (var scope in scopes)
        {
            var having = scope.Tables.Where(t => t.Value is null || t.Value.Contains(column)).Select(t => t.Key).ToList();
            if (having.Count > 1) Problems.Add($"{column} is ambiguous between {string.Join(", ", having)}");
            if (having.Count > 0) return;
            // ORDER BY may name a column of the select list by its alias.
            if (inOrderBy > 0 && scope.OutputNames.Contains(column)) return;
        }
        Problems.Add($"{column}: no table in scope has this column");
    }

    private void ExpectColumn(IReadOnlyCollection<string>? columns, string table, string column)
    {
        if (columns is not null && !columns.Contains(column)) Problems.Add($"{table}.{column}: no such column");
    }

    private IReadOnlyCollection<string>? TargetColumns(TableReference target)
    {
        if (target is NamedTableReference named && schema.Tables.TryGetValue(SqlServerSchema.Name(named.SchemaObject), out var columns))
            return columns.Select(c => c.Name).ToList();
        Problems.Add($"unknown modification target {SqlServerScripts.Text(target)}");
        return null;
    }

    private void AddTables(TableReference reference, Dictionary<string, IReadOnlyCollection<string>?> tables)
    {
        switch (reference)
        {
            case NamedTableReference named:
                var name = named.SchemaObject.BaseIdentifier.Value;
                tables[named.Alias?.Value ?? name] = named.SchemaObject.SchemaIdentifier is null && ctes.TryGetValue(name, out var cte) ? cte
                    : schema.Tables.GetValueOrDefault(SqlServerSchema.Name(named.SchemaObject))?.Select(c => c.Name).ToList();
                break;
            case VariableTableReference variable:
                var type = tableParameters.GetValueOrDefault(variable.Variable.Name);
                var typeColumns = type is null ? null : schema.TableTypes.GetValueOrDefault(type);
                if (typeColumns is null) Problems.Add($"{variable.Variable.Name}: table-valued parameter of no known table type");
                tables[variable.Alias?.Value ?? variable.Variable.Name] = typeColumns?.Select(c => c.Name).ToList();
                break;
            case QueryDerivedTable derived:
                tables[derived.Alias.Value] = derived.Columns.Count > 0 ? derived.Columns.Select(c => c.Value).ToList() : OutputNames(derived.QueryExpression);
                break;
            case JoinTableReference join:
                AddTables(join.FirstTableReference, tables);
                AddTables(join.SecondTableReference, tables);
                break;
            case JoinParenthesisTableReference parenthesis:
                AddTables(parenthesis.Join, tables);
                break;
            default:
                Problems.Add($"table reference not understood by this check: {reference.GetType().Name}");
                break;
        }
    }

    /// <summary>The names a query's select list gives its columns; null when it has a *.</summary>
    private static IReadOnlyCollection<string>? OutputNames(QueryExpression query) => query switch
    {
        QuerySpecification spec when spec.SelectElements.All(e => e is SelectScalarExpression) =>
            spec.SelectElements.Cast<SelectScalarExpression>()
                .Select(e => e.ColumnName?.Value ?? (e.Expression as ColumnReferenceExpression)?.MultiPartIdentifier.Identifiers[^1].Value)
                .OfType<string>().ToList(),
        BinaryQueryExpression union => OutputNames(union.FirstQueryExpression),
        QueryParenthesisExpression parenthesis => OutputNames(parenthesis.QueryExpression),
        _ => null,
    };

    private static string Last(ColumnReferenceExpression column) => column.MultiPartIdentifier.Identifiers[^1].Value;

    private void Within(Scope scope, Action visit)
    {
        scopes.Push(scope);
        visit();
        scopes.Pop();
    }
}
