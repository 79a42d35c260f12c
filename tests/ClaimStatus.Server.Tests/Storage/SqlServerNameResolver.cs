using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Resolves every table and column a statement names against the migrations' schema, as SQL Server's
/// binder would: a qualified column through its table or alias, an unqualified one in the innermost query
/// whose tables have it (two of them is ambiguous), OUTPUT's inserted/deleted as the target table, derived
/// tables and CTEs by their select lists, and table-valued parameters by their table type. Also works out
/// the columns of the statement's first result set and, where it can, their SQL types.</summary>
/// <param name="tableParameters">Table type of each table-valued parameter, e.g. @Ids → dbo.id_list.</param>
internal sealed class SqlServerNameResolver(SqlServerSchema schema, IReadOnlyDictionary<string, string> tableParameters)
    : TSqlFragmentVisitor
{
    private const string Unknown = "?";

    /// <summary>The columns each name in a FROM clause stands for (null when unknown: SELECT * of a derived
    /// table), and the select list's columns, which ORDER BY may name.</summary>
    private sealed record Scope(Dictionary<string, IReadOnlyList<SqlColumn>?> Tables, IReadOnlyList<SqlColumn> SelectList);

    private readonly Stack<Scope> scopes = new();
    private readonly Dictionary<string, IReadOnlyList<SqlColumn>?> ctes = new(StringComparer.Ordinal);
    private Dictionary<string, IReadOnlyList<SqlColumn>?> outputTables = [];
    private QueryExpression? resultQuery;
    private int inOrderBy;

    public List<string> Problems { get; } = [];

    /// <summary>The first result set the statement returns (a top-level SELECT or an OUTPUT without INTO).</summary>
    public List<SqlColumn>? Result { get; private set; }

    // Visit runs before the children, so the CTEs are known before the query that reads them is resolved.
    public override void Visit(StatementWithCtesAndXmlNamespaces node)
    {
        foreach (var cte in node.WithCtesAndXmlNamespaces?.CommonTableExpressions ?? [])
            ctes[cte.ExpressionName.Value] = cte.Columns.Count > 0 ? cte.Columns.Select(c => new SqlColumn(c.Value, Unknown, true)).ToList() : SelectList(cte.QueryExpression);
    }

    // A UNION's columns are named by its first query.
    public override void Visit(SelectStatement node) => resultQuery = node.Into is null ? FirstQuery(node.QueryExpression) : null;

    static QueryExpression FirstQuery(QueryExpression query) => query switch
    {
        BinaryQueryExpression union => FirstQuery(union.FirstQueryExpression),
        QueryParenthesisExpression parenthesis => FirstQuery(parenthesis.QueryExpression),
        _ => query,
    };

    public override void ExplicitVisit(QuerySpecification node)
    {
        var tables = new Dictionary<string, IReadOnlyList<SqlColumn>?>(StringComparer.Ordinal);
        foreach (var reference in node.FromClause?.TableReferences ?? []) AddTables(reference, tables);
        Within(new Scope(tables, SelectList(node) ?? []), () =>
        {
            if (node == resultQuery && Result is null) Result = Columns(node.SelectElements);
            base.ExplicitVisit(node);
        });
    }

    public override void ExplicitVisit(OrderByClause node)
    {
        inOrderBy++;
        base.ExplicitVisit(node);
        inOrderBy--;
    }

    // inserted and deleted exist only here; the FROM clause of an UPDATE or DELETE stays in scope around them.
    public override void ExplicitVisit(OutputClause node) => Within(new Scope(outputTables, []), () =>
    {
        Result ??= Columns(node.SelectColumns);
        base.ExplicitVisit(node);
    });

    // The column list names the target's columns; OUTPUT sees the inserted row; the source is a query of its own.
    public override void ExplicitVisit(InsertSpecification node)
    {
        var target = TargetColumns(node.Target);
        foreach (var column in node.Columns) ExpectColumn(target, "the insert target", column.MultiPartIdentifier.Identifiers[^1].Value);
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
        if (node.ColumnType == ColumnType.Regular) Find(node, report: true);
    }

    private void VisitModification(TableReference target, FromClause? from, Action visit)
    {
        var columns = TargetColumns(target);
        outputTables = new(StringComparer.Ordinal) { ["inserted"] = columns, ["deleted"] = columns };
        var tables = new Dictionary<string, IReadOnlyList<SqlColumn>?>(StringComparer.Ordinal);
        if (target is NamedTableReference named) tables[named.Alias?.Value ?? named.SchemaObject.BaseIdentifier.Value] = columns;
        foreach (var reference in from?.TableReferences ?? []) AddTables(reference, tables);
        Within(new Scope(tables, []), visit);
    }

    /// <summary>The column a reference resolves to; its type is Unknown when its table's columns are unknown.</summary>
    private SqlColumn? Find(ColumnReferenceExpression node, bool report)
    {
        var parts = node.MultiPartIdentifier.Identifiers;
        var column = parts[^1].Value;
        var problem = $"{column}: no table in scope has this column";
        foreach (var scope in scopes)
        {
            if (parts.Count > 1)
            {
                if (!scope.Tables.TryGetValue(parts[^2].Value, out var columns)) continue;
                return columns is null ? new SqlColumn(column, Unknown, true) : Found(columns, $"{parts[^2].Value}.{column}: no such column");
            }
            var having = scope.Tables.Where(t => t.Value is null || t.Value.Any(c => c.Name == column)).ToList();
            if (having.Count > 1) return Found([], $"{column} is ambiguous between {string.Join(", ", having.Select(t => t.Key))}");
            if (having.Count == 1) return having[0].Value is { } known ? Found(known, problem) : new SqlColumn(column, Unknown, true);
            if (inOrderBy > 0 && scope.SelectList.Any(c => c.Name == column)) return new SqlColumn(column, Unknown, true);
        }
        return Found([], parts.Count > 1 ? $"{parts[^2].Value}.{column}: no table or alias {parts[^2].Value} in scope" : problem);

        SqlColumn? Found(IReadOnlyList<SqlColumn> columns, string otherwise)
        {
            var found = columns.FirstOrDefault(c => c.Name == column);
            if (found is null && report) Problems.Add(otherwise);
            return found;
        }
    }

    private void ExpectColumn(IReadOnlyList<SqlColumn>? columns, string table, string column)
    {
        if (columns is not null && columns.All(c => c.Name != column)) Problems.Add($"{table}.{column}: no such column");
    }

    private IReadOnlyList<SqlColumn>? TargetColumns(TableReference target)
    {
        if (target is NamedTableReference named && schema.Tables.TryGetValue(SqlServerSchema.Name(named.SchemaObject), out var columns))
            return columns;
        Problems.Add($"unknown modification target {SqlServerScripts.Text(target)}");
        return null;
    }

    private void AddTables(TableReference reference, Dictionary<string, IReadOnlyList<SqlColumn>?> tables)
    {
        switch (reference)
        {
            case NamedTableReference named:
                var name = named.SchemaObject.BaseIdentifier.Value;
                tables[named.Alias?.Value ?? name] = named.SchemaObject.SchemaIdentifier is null && ctes.TryGetValue(name, out var cte) ? cte
                    : schema.Tables.GetValueOrDefault(SqlServerSchema.Name(named.SchemaObject));
                break;
            case VariableTableReference variable:
                var type = tableParameters.GetValueOrDefault(variable.Variable.Name);
                var typeColumns = type is null ? null : schema.TableTypes.GetValueOrDefault(type);
                if (typeColumns is null) Problems.Add($"{variable.Variable.Name}: table-valued parameter of no known table type");
                tables[variable.Alias?.Value ?? variable.Variable.Name] = typeColumns;
                break;
            case OpenJsonTableReference json:
                // The WITH clause declares the rows' columns; every property a store method sends is checked against
                // these declarations (SqlServerStatementTests), so they count as the rows' schema here.
                if (json.SchemaDeclarationItems.Count == 0) Problems.Add("OPENJSON without a WITH clause: its rows have no declared columns");
                tables[json.Alias?.Value ?? "OPENJSON"] = OpenJsonColumns(json);
                break;
            case QueryDerivedTable derived:
                tables[derived.Alias.Value] = derived.Columns.Count > 0
                    ? derived.Columns.Select(c => new SqlColumn(c.Value, Unknown, true)).ToList()
                    : SelectList(derived.QueryExpression);
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

    /// <summary>The columns an OPENJSON ... WITH clause declares; all may be NULL (a missing property reads as NULL).</summary>
    public static List<SqlColumn> OpenJsonColumns(OpenJsonTableReference json) =>
        json.SchemaDeclarationItems.Select(item => new SqlColumn(
            item.ColumnDefinition.ColumnIdentifier.Value, SqlServerScripts.Text(item.ColumnDefinition.DataType), true)).ToList();

    /// <summary>The names a query's select list gives its columns (types unknown); null when it has a *.</summary>
    private static List<SqlColumn>? SelectList(QueryExpression query) => query switch
    {
        QuerySpecification spec when spec.SelectElements.All(e => e is SelectScalarExpression) =>
            spec.SelectElements.Cast<SelectScalarExpression>().Select(e => new SqlColumn(NameOf(e), Unknown, true)).ToList(),
        BinaryQueryExpression union => SelectList(union.FirstQueryExpression),
        QueryParenthesisExpression parenthesis => SelectList(parenthesis.QueryExpression),
        _ => null,
    };

    private List<SqlColumn> Columns(IEnumerable<SelectElement> elements) =>
        elements.Select(e => e is SelectScalarExpression scalar ? new SqlColumn(NameOf(scalar), TypeOf(scalar.Expression), true) : new SqlColumn("*", Unknown, true)).ToList();

    private static string NameOf(SelectScalarExpression e) =>
        e.ColumnName?.Value ?? (e.Expression as ColumnReferenceExpression)?.MultiPartIdentifier.Identifiers[^1].Value ?? "";

    /// <summary>The SQL type of an expression of a select list, as far as this store's statements need.</summary>
    private string TypeOf(ScalarExpression expression) => expression switch
    {
        ColumnReferenceExpression { ColumnType: ColumnType.Regular } column => Find(column, report: false)?.Type ?? Unknown,
        CastCall cast => SqlServerScripts.Text(cast.DataType),
        ParenthesisExpression parenthesis => TypeOf(parenthesis.Expression),
        IntegerLiteral => "int",
        StringLiteral => "nvarchar",
        SearchedCaseExpression @case => TypeOf(@case.WhenClauses[0].ThenExpression),
        FunctionCall call => call.FunctionName.Value.ToUpperInvariant() switch
        {
            "COUNT" => "int",
            "COUNT_BIG" => "bigint",
            "SUM" or "MIN" or "MAX" or "ISNULL" => TypeOf(call.Parameters[0]),
            "TODATETIMEOFFSET" => "datetimeoffset(7)",
            _ => Unknown,
        },
        _ => Unknown,
    };

    private void Within(Scope scope, Action visit)
    {
        scopes.Push(scope);
        visit();
        scopes.Pop();
    }
}
