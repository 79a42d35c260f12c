using System.Collections;
using System.Data;
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
                foreach (var type in types)
                {
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

    private static int? MaxLength(string sqlType) =>
        sqlType.StartsWith("nvarchar(", StringComparison.Ordinal) && int.TryParse(sqlType[9..^1], out var n) ? n : null;

    private sealed class VariableCollector : TSqlFragmentVisitor
    {
        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Declared { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Tables { get; } = new(StringComparer.Ordinal);

        public override void Visit(VariableReference node) => Used.Add(node.Name);
        public override void Visit(VariableTableReference node) => Tables.Add(node.Variable.Name);
        public override void Visit(DeclareVariableElement node) => Declared.Add(node.VariableName.Value);
        public override void Visit(DeclareTableVariableBody node) => Declared.Add(node.VariableName.Value);

        // "@Resource = N'...'" of an EXEC names a parameter of the procedure, not a variable of this batch.
        public override void ExplicitVisit(ExecuteParameter node) => node.ParameterValue?.Accept(this);
    }
}
