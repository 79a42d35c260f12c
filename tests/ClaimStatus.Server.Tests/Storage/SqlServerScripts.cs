using System.Reflection;
using ClaimStatus.Server.Storage.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Every T-SQL text the SQL Server store can send, and its migrations, parsed by SQL Server 2019's grammar.</summary>
internal static class SqlServerScripts
{
    public static readonly Assembly Server = typeof(SqlServerClaimStore).Assembly;

    /// <summary>Found by reflection, so a statement added to the store is checked without listing it anywhere.</summary>
    public static List<(string Name, string Sql)> StoreStatements() =>
        Server.GetTypes()
            .Where(t => t.Namespace == typeof(SqlServerClaimStore).Namespace)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => ($"{f.DeclaringType!.Name}.{f.Name}", (string)f.GetRawConstantValue()!))
            .ToList();

    public static List<(string Name, string Sql)> MigrationScripts() =>
        Server.GetManifestResourceNames()
            .Where(n => n.Contains(".Storage.SqlServer.Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(Server.GetManifestResourceStream(n)!);
                return (n, reader.ReadToEnd());
            })
            .ToList();

    public static TSqlScript Parse(string name, string sql)
    {
        var fragment = new TSql150Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0,
            $"{name}: " + string.Join("; ", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
        return (TSqlScript)fragment;
    }

    public static int StatementCount(TSqlScript script) => script.Batches.Sum(b => b.Statements.Count);

    /// <summary>The fragment as written, without spaces and in lower case ("nvarchar(200)").</summary>
    public static string Text(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
                .Select(i => fragment.ScriptTokenStream[i])
                .Where(t => t.TokenType is not (TSqlTokenType.WhiteSpace or TSqlTokenType.SingleLineComment or TSqlTokenType.MultilineComment))
                .Select(t => t.Text))
            .ToLowerInvariant();
}
