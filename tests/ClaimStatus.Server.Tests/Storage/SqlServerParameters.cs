using System.Collections;
using System.Data;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Checks what a statement needs from its caller against what the caller gives it.</summary>
internal static class SqlServerParameters
{
    /// <summary>Each @name the statement uses but does not DECLARE must be a member of an anonymous object built
    /// by every store method that sends the statement (Dapper binds members by name; SQL Server may compare
    /// names case-sensitively, so this does too). A parameter read as a table must be a table-valued parameter,
    /// any other must not be a list (Dapper would expand it into (@x1, @x2, ...)).</summary>
    public static List<string> Problems(string sql, IReadOnlyList<SqlServerStoreIl.Method> methods)
    {
        var variables = new VariableCollector();
        SqlServerScripts.Parse("statement", sql).Accept(variables);
        var senders = methods.Where(m => m.Strings.Contains(sql)).ToList();
        if (senders.Count == 0) return ["no method of the store sends it"];

        var problems = new List<string>();
        foreach (var sender in senders)
        {
            var supplied = sender.AnonymousTypes.SelectMany(t => t.GetProperties()).ToLookup(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);
            foreach (var parameter in variables.Used.Except(variables.Declared).Order(StringComparer.Ordinal))
            {
                var types = supplied[parameter[1..]].ToList();
                if (types.Count == 0) problems.Add($"{sender.Name} supplies no {parameter}");
                var asTable = variables.Tables.Contains(parameter);
                var asJsonRows = variables.JsonRows.Contains(parameter);
                foreach (var type in types)
                {
                    if (asJsonRows)
                    {
                        if (type != typeof(DbString)) problems.Add($"{sender.Name}: {parameter} is read by OPENJSON but given as {type.Name}, not as JSON rows");
                        continue;
                    }
                    var isTable = typeof(SqlMapper.ICustomQueryParameter).IsAssignableFrom(type);
                    var isList = type != typeof(string) && type != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(type);
                    if (asTable && !isTable)
                        problems.Add($"{sender.Name}: {parameter} is read as a table but given as {type.Name}, not as a table-valued parameter");
                    if (!asTable && (isTable || isList))
                        problems.Add($"{sender.Name}: {parameter} is a single value but given as {type.Name}");
                }
            }
        }
        return problems;
    }

    /// <summary>SqlClient sends a DataTable's columns by position, so they must follow the table type's order,
    /// with CLR types of the same SQL type, no NULL where the type forbids it and no string longer than declared.</summary>
    public static List<string> TableProblems(SqlParameter parameter, SqlServerSchema schema)
    {
        if (parameter.SqlDbType != SqlDbType.Structured) return [$"{parameter.SqlDbType} is not a table-valued parameter"];
        if (!schema.TableTypes.TryGetValue(parameter.TypeName, out var columns)) return [$"no table type {parameter.TypeName}"];
        var table = (DataTable)parameter.Value;
        var problems = new List<string>();
        if (table.Columns.Count != columns.Count) problems.Add($"{parameter.TypeName} has {columns.Count} columns, {table.Columns.Count} sent");
        for (var i = 0; i < Math.Min(table.Columns.Count, columns.Count); i++)
        {
            var (sent, declared) = (table.Columns[i], columns[i]);
            if (sent.ColumnName != declared.Name) problems.Add($"column {i} is {sent.ColumnName}, the type's is {declared.Name}");
            else if (SqlServerRows.ClrType(declared.Type) != sent.DataType) problems.Add($"column {i} {sent.ColumnName}: {sent.DataType.Name} sent for {declared.Type}");
            for (var row = 0; row < table.Rows.Count; row++)
            {
                var value = table.Rows[row][i];
                if (value is DBNull && !declared.Nullable) problems.Add($"row {row} column {i}: NULL in a NOT NULL column");
                if (value is string text && MaxLength(declared.Type) is { } max && text.Length > max)
                    problems.Add($"row {row} column {i}: {text.Length} characters for {declared.Type}");
            }
        }
        return problems;
    }

    /// <summary>One column of an OPENJSON ... WITH clause: the JSON property it reads (its path, or its name when it
    /// has none), the column it becomes, and whether it takes the property's JSON text (AS JSON).</summary>
    public sealed record JsonColumn(string Property, SqlColumn Column, bool AsJson);

    /// <summary>The columns each OPENJSON of <paramref name="parameter"/> in the statement declares.</summary>
    public static List<JsonColumn> OpenJsonDeclarations(string sql, string parameter)
    {
        var collector = new OpenJsonCollector();
        SqlServerScripts.Parse("statement", sql).Accept(collector);
        return [.. collector.References
            .Where(r => r.Variable is VariableReference v && v.Name == parameter)
            .SelectMany(r => r.SchemaDeclarationItems.Select(item => new JsonColumn(
                item.Mapping is StringLiteral path ? path.Value.TrimStart('$', '.') : item.ColumnDefinition.ColumnIdentifier.Value,
                new SqlColumn(item.ColumnDefinition.ColumnIdentifier.Value, SqlServerScripts.Text(item.ColumnDefinition.DataType), true),
                item is SchemaDeclarationItemOpenjson { AsJson: true })))];
    }

    /// <summary>OPENJSON reads rows by property name and turns a missing property into NULL silently, so each row must
    /// carry every property a statement reads (and none that nothing reads: a renamed one), of the kind its column
    /// converts: a number for int, ISO 8601 text for datetime2, an array or object for AS JSON, no string longer than
    /// declared (OPENJSON would cut it).</summary>
    public static List<string> JsonRowsProblems(string json, IReadOnlyList<JsonColumn> declared)
    {
        var problems = new List<string>();
        var read = declared.Select(d => d.Property).ToHashSet(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        var index = 0;
        foreach (var row in document.RootElement.EnumerateArray())
        {
            foreach (var column in declared.DistinctBy(d => d.Property))
            {
                var where = $"row {index} {column.Property}";
                if (!row.TryGetProperty(column.Property, out var value))
                    problems.Add($"{where}: missing");
                else if (KindProblem(value, column) is { } problem)
                    problems.Add($"{where}: {problem}");
            }
            foreach (var property in row.EnumerateObject().Where(p => !read.Contains(p.Name)))
                problems.Add($"row {index} {property.Name}: sent but read by no statement");
            index++;
        }
        return problems;
    }

    private static string? KindProblem(JsonElement value, JsonColumn column)
    {
        var (kind, type) = (value.ValueKind, column.Column.Type);
        if (column.AsJson)
            return kind is JsonValueKind.Array or JsonValueKind.Object ? null : $"a {kind} where AS JSON needs an array or object";
        if (kind == JsonValueKind.Null) return null;
        if (type == "int") return kind == JsonValueKind.Number ? null : $"a {kind.ToString().ToLowerInvariant()} for int";
        if (type.StartsWith("datetime2", StringComparison.Ordinal))
            return DateTime.TryParseExact(value.GetString(), "yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : $"'{value.GetString()}' is not an ISO 8601 date and time";
        return kind == JsonValueKind.String && MaxLength(type) is { } max && value.GetString()!.Length > max
            ? $"{value.GetString()!.Length} characters for {type}" : null;
    }

    private sealed class OpenJsonCollector : TSqlFragmentVisitor
    {
        public List<OpenJsonTableReference> References { get; } = [];

        public override void Visit(OpenJsonTableReference node) => References.Add(node);
    }

    private static int? MaxLength(string sqlType) =>
        sqlType.StartsWith("nvarchar(", StringComparison.Ordinal) && int.TryParse(sqlType[9..^1], out var n) ? n : null;

    private sealed class VariableCollector : TSqlFragmentVisitor
    {
        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Declared { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Tables { get; } = new(StringComparer.Ordinal);

        public override void Visit(VariableReference node) => Used.Add(node.Name);
        public HashSet<string> JsonRows { get; } = new(StringComparer.Ordinal);

        public override void Visit(VariableTableReference node) => Tables.Add(node.Variable.Name);
        public override void Visit(OpenJsonTableReference node)
        {
            if (node.Variable is VariableReference variable) JsonRows.Add(variable.Name);
        }
        public override void Visit(DeclareVariableElement node) => Declared.Add(node.VariableName.Value);
        public override void Visit(DeclareTableVariableBody node) => Declared.Add(node.VariableName.Value);

        // "@Resource = N'...'" of an EXEC names a parameter of the procedure, not a variable of this batch.
        public override void ExplicitVisit(ExecuteParameter node) => node.ParameterValue?.Accept(this);
    }
}
