using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using static ClaimStatus.Server.Tests.Hostile.HostileValues;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>Scenario file text that is anything but well made: values of the wrong JSON type anywhere, deep
/// nesting, huge values, damaged text (cut short, stray characters, lone surrogates), or no JSON at all.</summary>
public static class ScenarioChaos
{
    /// <summary>JSON text cannot carry a lone surrogate from a node; the text mutations below put them in.</summary>
    static string WellFormed(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s));

    static readonly Gen<JsonNode?> AnyValue = Gen.Frequency<JsonNode?>(
        (3, ChaosString.Select(s => (JsonNode?)JsonValue.Create(WellFormed(s)))),
        (1, Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)),
        (1, Gen.Const(0).Select(_ => (JsonNode?)new JsonArray())),
        (1, Gen.Const(0).Select(_ => (JsonNode?)new JsonObject())),
        (1, ChaosString.List[0, 4].Select(l => (JsonNode?)new JsonArray([.. l.Select(s => (JsonNode?)JsonValue.Create(WellFormed(s)))]))),
        (1, Gen.Int[1, 62].Select(depth => JsonNode.Parse(Nest(depth, '[')))));

    /// <summary>Arrays or objects nested to the depth given (past the reader's limit of 64 too).</summary>
    static string Nest(int depth, char open) => open == '['
        ? new string('[', depth) + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    static List<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        var slots = new List<(JsonNode, string?, int)>();
        if (node is JsonObject o)
            foreach (var (key, child) in o.ToList()) { slots.Add((o, key, -1)); if (child is not null) slots.AddRange(Slots(child)); }
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++) { slots.Add((a, null, i)); if (a[i] is { } child) slots.AddRange(Slots(child)); }
        return slots;
    }

    /// <summary>One to three values anywhere in a valid file replaced by anything.</summary>
    static readonly Gen<string> Replaced = Gen.Select(ScenarioGen.ValidFile, Gen.Int.Array[1, 3], AnyValue.Array[3, 3], (file, where, values) =>
    {
        for (var k = 0; k < where.Length; k++)
        {
            var slots = Slots(file);
            var (parent, key, index) = slots[(int)((uint)where[k] % (uint)slots.Count)];
            if (key is not null) parent[key] = values[k];
            else parent.AsArray()[index] = values[k];
        }
        return file.ToJsonString();
    });

    static readonly Gen<string> StrayText = Gen.OneOf(Gen.String[Gen.Char, 1, 8], Gen.OneOf("\uD800", "\uDFFF", "\"", "\\", "\\u12", "\0", ",", "}", "]", "NaN", "Infinity", "1e400", "\uFEFF"));

    /// <summary>A valid file's text cut short, or with characters inserted or removed.</summary>
    static readonly Gen<string> Damaged = Gen.Select(ScenarioGen.ValidFile.Select(f => f.ToJsonString()), Gen.Int[0, 2], Gen.Int, Gen.Int[1, 20], StrayText, (json, how, at, count, stray) =>
    {
        var i = (int)((uint)at % (uint)json.Length);
        return how switch
        {
            0 => json[..i],
            1 => json.Insert(i, stray),
            _ => json.Remove(i, Math.Min(count, json.Length - i)),
        };
    });

    /// <summary>A valid file with one string made huge (megabytes), or a list made long.</summary>
    static readonly Gen<string> Huge = Gen.Select(ScenarioGen.ValidFile, Gen.Int[100_000, 2_000_000], Gen.Bool, (file, n, inName) =>
    {
        if (inName) file["name"] = new string('h', n);
        else file["claims"]!.AsArray().Add(new JsonObject { ["id"] = "c-many", ["text"] = "t", ["topics"] = new JsonArray([.. Enumerable.Range(0, n / 1000).Select(i => (JsonNode?)$"t{i}")]) });
        return file.ToJsonString();
    });

    public static readonly Gen<string> Files = Gen.Frequency(
        (4, Replaced),
        (3, Damaged),
        (1, Huge),
        (1, Gen.Select(Gen.Int[1, 5000], Gen.Bool, Gen.Bool, (depth, arrays, inside) =>
            inside ? $"{{\"format\":\"claimstatus-scenario/1\",\"sources\":{Nest(depth, arrays ? '[' : '{')}}}" : Nest(depth, arrays ? '[' : '{'))),
        (1, Gen.OneOf(Gen.String[Gen.Char, 0, 100], Gen.OneOf("", "null", "[]", "\"text\"", "42", "true", "{}", "{\"format\":null}", "\uFEFF{}"))));
}
