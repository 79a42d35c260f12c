using System.Text.Json.Nodes;
using ClaimStatus.Cli.Scenario;
using ClaimStatus.Server.Tests.Grpc;
using CsCheck;
using Grpc.Core;
using Xunit.Abstractions;
using static ClaimStatus.Server.Tests.Hostile.HostileValues;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>Property across the CLI and the real server: a file the import's validator accepts is one the
/// server accepts too, so an import never stops half-way on a refusal ("a bad file sends nothing"). The
/// files are valid ones with values near the server's limits that a looser validator would let through.</summary>
public sealed class ScenarioImportTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    /// <summary>Renames a string value everywhere it occurs, so an id and every reference to it change together.</summary>
    static void Rename(JsonNode? node, string from, string to)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var s) && s == from) o[key] = to;
                    else Rename(child, from, to);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s) && s == from) a[i] = to;
                    else Rename(a[i], from, to);
                }
                break;
        }
    }

    static readonly Gen<string> Edge = Gen.OneOf(BadId(required: true), Gen.OneOf("\uFFFD", "a b", "x\u00a0y"));

    /// <summary>Changes that stay inside the file format's own rules but may break the service's.</summary>
    static readonly Gen<Action<JsonObject>>[] Edges =
    [
        Edge.Select(e => (Action<JsonObject>)(f => Rename(f, f["sources"]![0]!["id"]!.GetValue<string>(), e))),
        Edge.Select(e => (Action<JsonObject>)(f => Rename(f, f["claims"]![0]!["id"]!.GetValue<string>(), e))),
        TooLong(500).Select(n => (Action<JsonObject>)(f => f["sources"]![0]!["name"] = new string('n', Math.Min(n, 20_000)))),
        TooLong(4000).Select(n => (Action<JsonObject>)(f => f["claims"]![0]!["text"] = new string('t', Math.Min(n, 20_000)))),
        Gen.OneOf("groups", "topics", "parties").SelectMany(list => Gen.OneOf(
            Gen.Const(new JsonArray("same", "same")), Gen.Const(new JsonArray("")), Edge.Select(e => new JsonArray(e)),
            Gen.Int[51, 80].Select(n => new JsonArray([.. Enumerable.Range(0, n).Select(i => (JsonNode?)$"item-{i}")]))
        ).Select(items => (Action<JsonObject>)(f => f[list == "groups" ? "sources" : "claims"]![0]![list] = items))),
        Gen.Int[2, 3000].Select(days => (Action<JsonObject>)(f => f["adjudications"]!.AsArray().Add(new JsonObject
        {
            ["claim"] = f["claims"]![0]!["id"]!.GetValue<string>(), ["truth"] = "TRUE",
            ["decided_at"] = Rfc3339.Format(DateTimeOffset.UtcNow.AddDays(days)),
        }))),
        TooLong(4000).Select(n => (Action<JsonObject>)(f => f["adjudications"]!.AsArray().Add(new JsonObject
        {
            ["claim"] = f["claims"]![0]!["id"]!.GetValue<string>(), ["truth"] = "FALSE", ["decided_at"] = "2024-01-01T00:00:00Z", ["note"] = new string('n', n),
        }))),
        Edge.Select(e => (Action<JsonObject>)(f => f["assertions"]!.AsArray().Add(new JsonObject
        {
            ["claim"] = f["claims"]![0]!["id"]!.GetValue<string>(), ["source"] = f["sources"]![0]!["id"]!.GetValue<string>(),
            ["stance"] = "SUPPORTS", ["hedge"] = "CERTAIN", ["observed_at"] = "2024-01-01T00:00:00Z", ["key"] = e,
        }))),
    ];

    static readonly Gen<string> Files = Gen.Select(ScenarioGen.ValidFile, Gen.Int[0, Edges.Length - 1].SelectMany(i => Edges[i]), (file, edge) =>
    {
        // One verdict per claim: the edge's own adjudication replaces any the generator made.
        file["adjudications"] = new JsonArray();
        edge(file);
        return file.ToJsonString();
    });

    [Fact]
    public async Task A_file_the_validator_accepts_imports_without_a_refusal()
    {
        var importer = new ScenarioImporter(server.Client, ImportProgress.None);
        int imported = 0, refused = 0, conflicts = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Files.SampleAsync(async json =>
        {
            try
            {
                await importer.ImportAsync(ScenarioFile.Parse(json), withheld: null, CancellationToken.None);
                Interlocked.Increment(ref imported);
            }
            catch (ScenarioInvalidException)
            {
                Interlocked.Increment(ref refused);
                // Refused before anything was sent: what a bad file should get.
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
                // The generated edge ids repeat across files: an id stored earlier with other content.
                Interlocked.Increment(ref conflicts);
            }
            catch (RpcException ex)
            {
                Assert.Fail($"the validator passed a file the server refused half-way: {ex.StatusCode} {ex.Status.Detail}");
            }
        }, iter: FuzzBudget.Iterations(60), threads: 1);
        output.WriteLine($"scenario imports: {imported + refused + conflicts} inputs (imported {imported}, refused before sending {refused}, conflicting with an earlier file {conflicts}) in {watch.Elapsed.TotalSeconds:F1} s");
        // Both ways: the edges include values the service accepts, so a validator refusing everything fails here.
        Assert.True(imported > 0 && refused > 0, $"imported {imported}, refused {refused}");
    }
}
