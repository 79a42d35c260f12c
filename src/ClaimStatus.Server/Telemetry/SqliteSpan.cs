using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OpenTelemetry;

namespace ClaimStatus.Server.Telemetry;

/// <summary>One client span per SQLite command, with the attributes the SqlClient instrumentation gives
/// SQL Server commands, so both providers read alike in a trace. Microsoft.Data.Sqlite emits no spans
/// of its own. Parameter values never go on the span: only the statement text, which is a constant.</summary>
public static partial class SqliteSpan
{
    readonly record struct Statement(string Name, string Operation, string? Table);

    // The statements are the store's constants, so this cache holds a few dozen entries at most.
    static readonly ConcurrentDictionary<string, Statement> Statements = new(StringComparer.Ordinal);

    /// <summary>Runs one command inside its span. Commands outside any traced operation (the watch
    /// feed's polling) get none: a root trace per poll would bury the traces of calls.</summary>
    public static async Task<T> TraceAsync<T>(string sql, object? param, Func<Task<T>> command)
    {
        if (Activity.Current is null || Sdk.SuppressInstrumentation || !ClaimStatusTelemetry.Source.HasListeners())
            return await command();

        var statement = Statements.GetOrAdd(sql, Describe);
        using var activity = ClaimStatusTelemetry.Source.StartActivity(statement.Name, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            // Current and earlier semantic-convention names, so any backend's database view finds them.
            activity.SetTag("db.system.name", "sqlite");
            activity.SetTag("db.system", "sqlite");
            activity.SetTag("db.operation.name", statement.Operation);
            activity.SetTag("db.operation", statement.Operation);
            if (statement.Table is { } table)
            {
                activity.SetTag("db.collection.name", table);
                activity.SetTag("db.sql.table", table);
            }
            activity.SetTag("db.query.text", sql);
            // Dapper runs a command once per item of a sequence of parameter objects.
            if (param is IEnumerable items and not string and not IDictionary) activity.SetTag("db.operation.batch.size", Count(items));
        }
        try
        {
            return await command();
        }
        catch (Exception ex) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity.SetTag("error.type", ex.GetType().FullName);
            if (ex is SqliteException sqlite) activity.SetTag("db.response.status_code", sqlite.SqliteErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw;
        }
    }

    static int Count(IEnumerable items)
    {
        if (items is ICollection collection) return collection.Count;
        var count = 0;
        foreach (var _ in items) count++;
        return count;
    }

    static Statement Describe(string sql)
    {
        var operation = Verb().Match(sql) is { Success: true } verb ? verb.Groups[1].Value.ToUpperInvariant() : "SQL";
        var table = Table().Match(sql) is { Success: true } target ? target.Groups[1].Value : null;
        return new Statement(table is null ? operation : $"{operation} {table}", operation, table);
    }

    [GeneratedRegex(@"^\s*([A-Za-z]+)")]
    private static partial Regex Verb();

    // The first table named after FROM, INTO, UPDATE or JOIN; json_each(...) and other functions are not
    // tables (a function's parenthesis follows its name; a column list is written after a space).
    [GeneratedRegex(@"\b(?:FROM|INTO|UPDATE|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)\b(?!\()", RegexOptions.IgnoreCase)]
    private static partial Regex Table();
}
