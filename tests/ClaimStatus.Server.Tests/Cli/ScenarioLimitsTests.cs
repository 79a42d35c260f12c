using System.Text.Json.Nodes;
using ClaimStatus.Cli.Scenario;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>Regressions found by the hostile-input properties: files the import's validator let through and
/// the server then refused half-way (after sources and claims were sent), and text the parser crashed on.</summary>
public sealed class ScenarioLimitsTests
{
    const string Valid = """
        {
          "format": "claimstatus-scenario/1",
          "sources": [ { "id": "s1", "name": "Source one", "kind": "GOVERNMENT", "reliability": "B", "groups": ["g1"] } ],
          "claims": [ { "id": "c1", "text": "Something happened.", "topics": ["t"], "parties": ["p"] } ],
          "assertions": [ { "claim": "c1", "source": "s1", "stance": "SUPPORTS", "hedge": "CERTAIN", "observed_at": "2024-10-18T09:00:00Z", "key": "k1" } ],
          "adjudications": [ { "claim": "c1", "truth": "TRUE", "decided_at": "2024-11-01T00:00:00Z" } ]
        }
        """;

    public static TheoryData<string, string, string, string> OverTheServersLimits => new()
    {
        { "claims", "text", new string('t', 4001), "claims[0].text: must be at most 4000 characters long, not 4001" },
        { "sources", "name", new string('n', 501), "sources[0].name: must be at most 500 characters long, not 501" },
        { "sources", "id", "s1\u0007", "sources[0].id: must not contain control characters or surrounding spaces" },
        { "claims", "id", " c1", "claims[0].id: must not contain control characters or surrounding spaces" },
        { "assertions", "key", "k1\n", "assertions[0].key: must not contain control characters or surrounding spaces" },
        { "adjudications", "decided_at", "2999-01-01T00:00:00Z", "adjudications[0].decided_at: \"2999-01-01T00:00:00Z\" is in the future" },
        { "adjudications", "note", new string('n', 4001), "adjudications[0].note: must be at most 4000 characters long, not 4001" },
    };

    [Theory]
    [MemberData(nameof(OverTheServersLimits))]
    public void A_value_the_server_would_refuse_is_refused_before_anything_is_sent(string array, string field, string value, string expected)
    {
        var doc = JsonNode.Parse(Valid)!;
        doc[array]![0]![field] = value;

        Assert.Contains(expected, Errors(doc));
    }

    public static TheoryData<string, string[], string> BadLists => new()
    {
        { "topics", ["t", "u", "t"], "claims[0].topics[2]: repeats \"t\"" },
        { "topics", [""], "claims[0].topics[0]: must not be empty" },
        { "parties", ["p", "q\t"], "claims[0].parties[1]: must not contain control characters or surrounding spaces" },
        { "parties", [.. Enumerable.Range(0, 51).Select(i => $"p{i}")], "claims[0].parties: must have at most 50 items, not 51" },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public void A_list_the_server_would_refuse_is_refused_before_anything_is_sent(string list, string[] items, string expected)
    {
        var doc = JsonNode.Parse(Valid)!;
        doc["claims"]![0]![list] = new JsonArray([.. items.Select(i => (JsonNode?)i)]);

        Assert.Contains(expected, Errors(doc));
    }

    [Fact]
    public void The_valid_file_has_no_errors()
    {
        Assert.Empty(Errors(JsonNode.Parse(Valid)!));
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_a_validation_error_not_a_crash()
    {
        var ex = Assert.Throws<ScenarioInvalidException>(() => ScenarioFile.Parse(Valid.Replace("Source one", "Source \uD800one", StringComparison.Ordinal)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("(file)", error.Field);
        Assert.StartsWith("is not valid Unicode text: a lone surrogate at character ", error.Message);
    }

    static List<string> Errors(JsonNode doc) =>
        [.. ScenarioValidator.Validate(ScenarioFile.Parse(doc.ToJsonString()), DateTimeOffset.UtcNow).Errors.Select(e => e.ToString())];
}
