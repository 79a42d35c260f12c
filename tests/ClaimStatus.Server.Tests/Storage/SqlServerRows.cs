using System.Reflection;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>Checks a result set against the type Dapper reads it into: a single value, a record built by its
/// constructor (Dapper wants the same names in the same order and the exact types), or a class whose
/// properties are set by name (snake_case columns to PascalCase, as the store configures Dapper).</summary>
internal static class SqlServerRows
{
    public static List<string> Problems(IReadOnlyList<SqlColumn> result, Type row)
    {
        if (ClrTypes.ContainsValue(row) || row == typeof(string))
            return Mismatch(result[0], row) is { } single ? [single] : [];

        if (row.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is null)
        {
            var ctor = row.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .FirstOrDefault(c => c.GetParameters().Length == result.Count);
            if (ctor is null) return [$"{row.Name} has no constructor of {result.Count} parameters"];
            return result.Zip(ctor.GetParameters())
                .Select(p => !Same(p.First.Name, p.Second.Name!) ? $"{p.First.Name} is read into parameter {p.Second.Name} of {row.Name}"
                    : ClrType(p.First.Type) is { } clr && clr != p.Second.ParameterType ? $"{p.First.Name}: {p.First.Type} read into {p.Second.ParameterType.Name}"
                    : null)
                .OfType<string>().ToList();
        }

        var problems = new List<string>();
        foreach (var column in result)
        {
            var property = row.GetProperties().FirstOrDefault(p => Same(column.Name, p.Name) && p.CanWrite);
            if (property is null) problems.Add($"{column.Name} is read into no property of {row.Name}");
            else if (Mismatch(column, property.PropertyType) is { } mismatch) problems.Add(mismatch);
        }
        return problems;
    }

    private static bool Same(string column, string member) =>
        string.Equals(column.Replace("_", ""), member, StringComparison.OrdinalIgnoreCase);

    private static string? Mismatch(SqlColumn column, Type target)
    {
        var clr = ClrType(column.Type);
        var expected = Nullable.GetUnderlyingType(target) ?? target;
        return clr is null || clr == expected ? null : $"{column.Name}: {column.Type} read into {target.Name}";
    }

    private static readonly Dictionary<string, Type> ClrTypes = new(StringComparer.Ordinal)
    {
        ["int"] = typeof(int),
        ["bigint"] = typeof(long),
        ["bit"] = typeof(bool),
        ["float"] = typeof(double),
        ["datetimeoffset"] = typeof(DateTimeOffset),
        ["datetime2"] = typeof(DateTime),
        ["rowversion"] = typeof(byte[]),
        ["binary"] = typeof(byte[]),
    };

    /// <summary>The CLR type SqlClient returns for a SQL type; null when this check does not know it.</summary>
    public static Type? ClrType(string sqlType) =>
        sqlType.Split('(')[0] is "nvarchar" ? typeof(string) : ClrTypes.GetValueOrDefault(sqlType.Split('(')[0]);
}
