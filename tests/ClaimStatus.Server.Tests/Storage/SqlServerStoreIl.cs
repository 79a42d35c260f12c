using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;

namespace ClaimStatus.Server.Tests.Storage;

/// <summary>What each method of the store hands to Dapper, read from the compiled IL: the SQL texts it loads
/// (a const string is an ldstr where it is used) and the anonymous objects it builds (Dapper's parameters).
/// Lambdas, async state machines and local functions count as part of the method they are written in.
/// A SQL text followed by a call of Dapper's QueryAsync&lt;T&gt; (or the store's wrappers of it) is read as T.</summary>
internal static partial class SqlServerStoreIl
{
    public sealed record Method(string Name, HashSet<string> Strings, List<Type> AnonymousTypes, List<(string Sql, Type Row)> Reads);

    private static readonly HashSet<string> Readers = new(StringComparer.Ordinal)
    {
        "QueryAsync", "QuerySingleOrDefaultAsync", "QueryFirstOrDefaultAsync", "ExecuteScalarAsync",
    };

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static List<Method> Methods(Type root)
    {
        var methods = new Dictionary<string, Method>(StringComparer.Ordinal);
        foreach (var type in WithNested(root))
        {
            var flags = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (var method in type.GetMethods(flags).Cast<MethodBase>().Concat(type.GetConstructors(flags)))
            {
                var name = WrittenIn(method);
                if (!methods.TryGetValue(name, out var m)) methods[name] = m = new Method(name, new(StringComparer.Ordinal), [], []);
                Read(method, m);
            }
        }
        return methods.Values.ToList();
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested).Prepend(type);

    // "<LoadEvidenceAsync>d__5", "<CreateClaimAsync>b__0", "<<AppendAssertionsAsync>b__1>d": the name in the
    // innermost angle brackets is the method the compiler generated them from.
    [GeneratedRegex("^<+([^<>]+)>")]
    private static partial Regex GeneratedFrom();

    private static string WrittenIn(MethodBase method)
    {
        var own = GeneratedFrom().Match(method.Name);
        if (own.Success) return own.Groups[1].Value;
        var state = GeneratedFrom().Match(method.DeclaringType!.Name);
        return state.Success ? state.Groups[1].Value : method.Name;
    }

    private static void Read(MethodBase method, Method into)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) return;
        var typeArgs = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        string? lastString = null;
        for (var i = 0; i < il.Length;)
        {
            var op = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += op.Size;
            if (op == OpCodes.Ldstr) into.Strings.Add(lastString = method.Module.ResolveString(BitConverter.ToInt32(il, i)));
            if ((op == OpCodes.Call || op == OpCodes.Callvirt) && lastString is not null
                && method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs) is MethodInfo { IsGenericMethod: true } called
                && Readers.Contains(called.Name))
            {
                into.Reads.Add((lastString, called.GetGenericArguments()[0]));
                lastString = null;
            }
            if (op == OpCodes.Newobj
                && method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs)?.DeclaringType is { } created
                && created.Name.Contains("AnonymousType", StringComparison.Ordinal))
                into.AnonymousTypes.Add(created);
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }
}
