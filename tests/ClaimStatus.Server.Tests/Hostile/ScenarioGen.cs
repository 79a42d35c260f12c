using System.Globalization;
using System.Text.Json.Nodes;
using ClaimStatus.Cli.Scenario;
using CsCheck;
using static ClaimStatus.Server.Tests.Hostile.HostileValues;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>A generated scenario file (its JSON text), what the parser and validator must say of it, and
/// for a file broken in one place for certain, the entry and field they must name.</summary>
public sealed record ScenarioCase(Expectation Expect, string? Field, string Json)
{
    public override string ToString() => $"[{Expect}{(Field is null ? "" : " " + Field)}] " + (Json.Length > 800 ? Json[..800] + $"... ({Json.Length} characters)" : Json);
}

/// <summary>Generators of claimstatus-scenario/1 files: valid ones, ones broken in one field, and chaos
/// (wrong JSON types, nulls, deep nesting, huge values, broken text, lone surrogates).</summary>
public static class ScenarioGen
{
    static string[] Words<T>(EnumNames<T> names) where T : struct, System.Enum => names.Allowed.Split(", ");

    static Gen<string> Word<T>(EnumNames<T> names) where T : struct, System.Enum => Gen.OneOf(Words(names));

    /// <summary>RFC 3339 UTC times from year 2 to a day ago, with or without fractions.</summary>
    static readonly Gen<string> PastRfc3339 = Gen.Select(
        Gen.Long[new DateTimeOffset(2, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks, DateTimeOffset.UtcNow.AddDays(-1).UtcTicks], Gen.Bool,
        (ticks, fraction) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString(fraction ? "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    static readonly Gen<string> FutureRfc3339 = Gen.Int[2, 3000].Select(days => DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    static readonly Gen<string> NotRfc3339 = Gen.OneOf(
        Gen.OneOf("yesterday", "2024-10-18", "2024-10-18 09:00:00Z", "18/10/2024", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z",
            "0000-01-01T00:00:00Z", "2024-10-18T25:00:00Z", "2024-10-18T09:00:00", "+002024-10-18T09:00:00Z", "2024-10-18T09:00:00.1234567891Z"),
        ChaosString);

    static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);

    /// <summary>A file the validator must accept: every reference defined, every value in range.</summary>
    public static readonly Gen<JsonObject> ValidFile = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 3], Gen.Guid).SelectMany((sourceCount, claimCount, guid) =>
    {
        var prefix = guid.ToString("N")[..8];
        var sources = Gen.Select(ValidText, Word(ScenarioNames.Kind), Word(ScenarioNames.Reliability), ValidIdList.Null(0.5))
            .Array[sourceCount, sourceCount]
            .Select(all => all.Select((s, i) =>
            {
                var o = new JsonObject { ["id"] = $"{prefix}-s{i}", ["name"] = s.Item1, ["kind"] = s.Item2, ["reliability"] = s.Item3 };
                if (s.Item4 is { } groups) o["groups"] = Strings(groups);
                return o;
            }).ToArray());
        var claims = Gen.Select(ValidText, ValidIdList, ValidIdList, Gen.Bool).Array[claimCount, claimCount]
            .Select(all => all.Select((c, i) => new JsonObject
            {
                ["id"] = $"{prefix}-c{i}", ["text"] = c.Item1, ["topics"] = Strings(c.Item2), ["parties"] = Strings(c.Item3),
                ["harmed_parties"] = Strings(c.Item4 ? c.Item3.Take(1) : []),
            }).ToArray());
        var assertions = Gen.Select(Gen.Int[0, claimCount - 1], Gen.Int[0, sourceCount - 1], Word(ScenarioNames.Stance), Word(ScenarioNames.Hedge), PastRfc3339,
                Word(ScenarioNames.Evidence).Null(0.5), Gen.Int[-1, sourceCount - 1], ValidText.Null(0.7))
            .Array[0, 6]
            .Select(all => all.Select(a =>
            {
                var o = new JsonObject { ["claim"] = $"{prefix}-c{a.Item1}", ["source"] = $"{prefix}-s{a.Item2}", ["stance"] = a.Item3, ["hedge"] = a.Item4, ["observed_at"] = a.Item5 };
                if (a.Item6 is { } evidence) o["evidence"] = evidence;
                if (a.Item7 >= 0) o["reported_via"] = $"{prefix}-s{a.Item7}";
                if (a.Item8 is { } note) o["note"] = note;
                return o;
            }).ToArray());
        // One verdict per claim at most, as a real file has.
        var adjudications = Gen.Select(Word(ScenarioNames.Truth), PastRfc3339).Array[0, claimCount]
            .Select(all => all.Select((j, i) => new JsonObject { ["claim"] = $"{prefix}-c{i}", ["truth"] = j.Item1, ["decided_at"] = j.Item2 }).ToArray());
        var expectations = Gen.Select(Gen.Int[0, claimCount - 1], PastRfc3339, Word(ScenarioNames.Status)).Array[0, 2]
            .Select(all => all.Select(e => new JsonObject { ["claim"] = $"{prefix}-c{e.Item1}", ["as_of"] = e.Item2, ["status"] = e.Item3 }).ToArray());
        return Gen.Select(sources, claims, assertions, adjudications, expectations, (s, c, a, j, e) => new JsonObject
        {
            ["format"] = ScenarioNames.Format, ["name"] = "generated " + prefix,
            ["sources"] = new JsonArray(s), ["claims"] = new JsonArray(c), ["assertions"] = new JsonArray(a),
            ["adjudications"] = new JsonArray(j), ["expectations"] = new JsonArray(e),
        });
    });

    /// <summary>One field of one entry made wrong for certain (entry "" is the top level), with a value for it
    /// (null removes the field).</summary>
    sealed record Break(string Array, string Field, Gen<JsonNode?> Value, string? Named = null);

    static Gen<JsonNode?> Json(Gen<string> text) => text.Select(t => (JsonNode?)JsonValue.Create(t));

    static readonly Gen<JsonNode?> Missing = Gen.Const((JsonNode?)null);
    static readonly Gen<JsonNode?> BadIdValue = Gen.OneOf(Json(Gen.Const("")), Json(TooLong(200).Select(n => new string('i', n))));
    static Gen<JsonNode?> NotAWord(string[] words) => Json(Gen.OneOf(ChaosString.Where(s => !words.Contains(s)), Gen.OneOf(words).Select(w => w.ToLowerInvariant())));
    static readonly Gen<JsonNode?> WrongType = Gen.OneOf<JsonNode?>(
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)), Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const(0).Select(_ => (JsonNode?)new JsonObject { ["x"] = 1 }), Gen.Const(0).Select(_ => (JsonNode?)new JsonArray(1, 2)));

    static readonly Break[] Breaks =
    [
        new("", "format", Gen.OneOf(Missing, Json(Gen.OneOf("claimstatus-scenario/2", "", "CLAIMSTATUS-SCENARIO/1")))),
        new("", "sources", Missing),
        new("", "claims", Missing),
        new("", "assertions", Missing),
        new("sources", "id", Gen.OneOf(Missing, BadIdValue)),
        new("sources", "name", Gen.OneOf(Missing, Json(Gen.Const("")))),
        new("sources", "kind", Gen.OneOf(Missing, NotAWord(Words(ScenarioNames.Kind)), WrongType)),
        new("sources", "reliability", Gen.OneOf(Missing, NotAWord(Words(ScenarioNames.Reliability)))),
        new("claims", "id", Gen.OneOf(Missing, BadIdValue)),
        new("claims", "text", Gen.OneOf(Missing, Json(Gen.Const("")), WrongType)),
        new("assertions", "claim", Gen.OneOf(Missing, BadIdValue)),
        new("assertions", "source", Gen.OneOf(Missing, BadIdValue)),
        new("assertions", "stance", Gen.OneOf(Missing, NotAWord(Words(ScenarioNames.Stance)), WrongType)),
        new("assertions", "hedge", Gen.OneOf(Missing, NotAWord(Words(ScenarioNames.Hedge)))),
        new("assertions", "observed_at", Gen.OneOf(Missing, Json(NotRfc3339), Json(FutureRfc3339))),
        new("assertions", "evidence", NotAWord(Words(ScenarioNames.Evidence))),
        new("assertions", "note", Json(TooLong(4000).Select(n => new string('n', n)))),
        new("assertions", "key", Json(TooLong(200).Select(n => new string('k', n)))),
        // The service's limits, which the file format repeats so that an import never stops half-way.
        new("sources", "name", Json(TooLong(500).Select(n => new string('n', n)))),
        new("claims", "text", Json(TooLong(4000).Select(n => new string('t', n)))),
        new("sources", "id", Json(BadId(required: true))),
        new("claims", "topics", Gen.Int[51, 120].Select(n => (JsonNode?)Strings(Enumerable.Range(0, n).Select(i => $"t{i}")))),
        new("claims", "parties", ValidId.Select(p => (JsonNode?)Strings(["p-" + p, "q", "p-" + p])), Named: "parties[2]"),
        new("assertions", "key", Json(BadId(required: false))),
        new("adjudications", "decided_at", Json(FutureRfc3339)),
        new("adjudications", "note", Json(TooLong(4000).Select(n => new string('n', n)))),
        new("adjudications", "truth", Gen.OneOf(Missing, NotAWord(Words(ScenarioNames.Truth)))),
        new("adjudications", "decided_at", Gen.OneOf(Missing, Json(NotRfc3339))),
        new("expectations", "status", Gen.OneOf(Missing, NotAWord(Words(ScenarioNames.Status)))),
        new("expectations", "as_of", Gen.OneOf(Missing, Json(NotRfc3339))),
    ];

    /// <summary>A valid file with one break applied where the file has such an entry (else it stays valid).</summary>
    static readonly Gen<ScenarioCase> BrokenFile = Gen.Select(ValidFile, Gen.Int[0, Breaks.Length - 1], Gen.Int[0, 5]).SelectMany((file, b, at) =>
        Breaks[b].Value.Select(value =>
        {
            var broken = Breaks[b];
            JsonObject target;
            string path;
            if (broken.Array == "")
            {
                (target, path) = (file, broken.Field);
            }
            else
            {
                var entries = file[broken.Array]!.AsArray();
                if (entries.Count == 0) return new ScenarioCase(Expectation.Success, null, file.ToJsonString());
                var i = at % entries.Count;
                (target, path) = (entries[i]!.AsObject(), $"{broken.Array}[{i}].{broken.Named ?? broken.Field}");
            }
            if (value is null) target.Remove(broken.Field);
            else target[broken.Field] = value;
            return new ScenarioCase(Expectation.InvalidField, path, file.ToJsonString());
        }));

    public static readonly Gen<ScenarioCase> Cases = Gen.Frequency(
        (2, ValidFile.Select(f => new ScenarioCase(Expectation.Success, null, f.ToJsonString()))),
        (5, BrokenFile),
        (3, ScenarioChaos.Files.Select(json => new ScenarioCase(Expectation.Documented, null, json))));
}
