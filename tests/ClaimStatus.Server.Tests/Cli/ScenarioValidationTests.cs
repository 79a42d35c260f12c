using System.Text.Json.Nodes;
using ClaimStatus.Cli.Scenario;
using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>Each kind of malformed entry is named by entry and field, and the import sends nothing.</summary>
public sealed class ScenarioValidationTests
{
    const string Valid = """
        {
          "format": "claimstatus-scenario/1",
          "sources": [
            { "id": "s1", "name": "Source one", "kind": "GOVERNMENT", "reliability": "B", "groups": ["g1"] },
            { "id": "s2", "name": "Source two", "kind": "NEWS_OUTLET", "reliability": "C" }
          ],
          "claims": [ { "id": "c1", "text": "Something happened.", "topics": ["t"], "unknown_field": 1 } ],
          "assertions": [
            { "claim": "c1", "source": "s1", "stance": "SUPPORTS", "hedge": "CERTAIN", "observed_at": "2024-10-18T09:00:00Z" },
            { "claim": "c1", "source": "s2", "stance": "REFUTES", "hedge": "PROBABLE", "observed_at": "2024-10-18T10:00:00+02:00", "reported_via": "s1", "evidence": "NEWS_REPORT", "key": "k2" }
          ],
          "adjudications": [ { "claim": "c1", "truth": "TRUE", "decided_at": "2024-11-01T00:00:00Z" } ],
          "expectations": [ { "claim": "c1", "as_of": "2024-10-19T00:00:00Z", "status": "UNVERIFIED" } ]
        }
        """;

    [Fact]
    public void A_well_formed_file_has_no_errors_and_no_outside_references()
    {
        var check = ScenarioValidator.Validate(ScenarioFile.Parse(Valid), DateTimeOffset.UtcNow);

        Assert.Empty(check.Errors);
        Assert.Empty(check.External);
    }

    public static TheoryData<string, string, object?, string> Malformed => new()
    {
        { "", "format", "claimstatus-scenario/2", "format: \"claimstatus-scenario/2\" is not claimstatus-scenario/1" },
        { "", "sources", null, "sources: is required" },
        { "sources[0]", "kind", "NEWSPAPER", "sources[0].kind: \"NEWSPAPER\" is not one of GOVERNMENT, INTELLIGENCE_AGENCY, MILITARY, INTERNATIONAL_ORGANIZATION, INVESTIGATION, NEWS_AGENCY, NEWS_OUTLET, NGO, COMPANY, INDIVIDUAL, OTHER" },
        { "sources[1]", "reliability", null, "sources[1].reliability: is required" },
        { "sources[0]", "id", new string('x', 201), "sources[0].id: must be 1-200 characters long, not 201" },
        { "sources[1]", "id", "s1", "sources[1].id: \"s1\" is already the id of sources[0]" },
        { "sources[0]", "name", "", "sources[0].name: must not be empty" },
        { "claims[0]", "id", "", "claims[0].id: must be 1-200 characters long, not 0" },
        { "claims[0]", "text", null, "claims[0].text: is required" },
        { "assertions[1]", "stance", "SUPORTS", "assertions[1].stance: \"SUPORTS\" is not one of SUPPORTS, REFUTES, CANNOT_CONFIRM, REPORTS" },
        { "assertions[0]", "hedge", null, "assertions[0].hedge: is required" },
        { "assertions[0]", "observed_at", "2024-10-18 09:00", "assertions[0].observed_at: \"2024-10-18 09:00\" is not an RFC 3339 date-time" },
        { "assertions[0]", "observed_at", "2999-01-01T00:00:00Z", "assertions[0].observed_at: \"2999-01-01T00:00:00Z\" is in the future" },
        { "assertions[1]", "evidence", "RUMOUR", "assertions[1].evidence: \"RUMOUR\" is not one of OFFICIAL_STATEMENT," },
        { "assertions[1]", "note", new string('n', 4001), "assertions[1].note: must be at most 4000 characters long, not 4001" },
        { "assertions[1]", "key", new string('k', 201), "assertions[1].key: must be at most 200 characters long, not 201" },
        { "adjudications[0]", "truth", "MAYBE", "adjudications[0].truth: \"MAYBE\" is not one of TRUE, FALSE" },
        { "adjudications[0]", "decided_at", "yesterday", "adjudications[0].decided_at: \"yesterday\" is not an RFC 3339 date-time" },
        { "expectations[0]", "status", "TRUE", "expectations[0].status: \"TRUE\" is not one of CONFIRMED, DENIED, UNVERIFIED" },
        { "expectations[0]", "as_of", null, "expectations[0].as_of: is required" },
        { "assertions[0]", "stance", 5, "assertions[0].stance: has the wrong JSON type" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_entry_is_named_by_entry_and_field_and_nothing_is_sent(string entry, string field, object? value, string expected)
    {
        var json = Mutate(entry, field, value);
        var invoker = new RecordingCallInvoker();

        var ex = await Assert.ThrowsAsync<ScenarioInvalidException>(() => Import(json, invoker));

        Assert.Contains(ex.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task A_harmed_party_must_be_one_of_the_claims_parties()
    {
        var doc = JsonNode.Parse(Valid)!;
        var claim = doc["claims"]![0]!.AsObject();
        claim["parties"] = new JsonArray("ru");
        claim["harmed_parties"] = new JsonArray("ru", "kp", null);
        var invoker = new RecordingCallInvoker();

        var ex = await Assert.ThrowsAsync<ScenarioInvalidException>(() => Import(doc.ToJsonString(), invoker));

        Assert.Equal(
            ["claims[0].harmed_parties[2]: must be a string, not null", "claims[0].harmed_parties[1]: \"kp\" is not one of the claim's parties"],
            ex.Errors.Select(e => e.ToString()));
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public void Harmed_parties_go_into_the_claim_sent()
    {
        var doc = JsonNode.Parse(Valid)!;
        var claim = doc["claims"]![0]!.AsObject();
        claim["parties"] = new JsonArray("ru", "kp");
        claim["harmed_parties"] = new JsonArray("kp");
        var file = ScenarioFile.Parse(doc.ToJsonString());

        Assert.Empty(ScenarioValidator.Validate(file, DateTimeOffset.UtcNow).Errors);
        var sent = ScenarioMapping.ToClaim(file.Claims![0]!);
        Assert.Equal(["ru", "kp"], sent.Parties);
        Assert.Equal(["kp"], sent.HarmedParties);
        Assert.Empty(ScenarioMapping.ToClaim(ScenarioFile.Parse(Valid).Claims![0]!).HarmedParties);
    }

    [Fact]
    public async Task A_null_entry_is_an_error_not_a_crash()
    {
        var doc = JsonNode.Parse(Valid)!;
        doc["assertions"]!.AsArray().Add(null);

        var ex = await Assert.ThrowsAsync<ScenarioInvalidException>(() => Import(doc.ToJsonString(), new RecordingCallInvoker()));

        Assert.Equal("assertions[2]: must be an object, not null", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public async Task Broken_json_is_reported_with_its_line()
    {
        var ex = await Assert.ThrowsAsync<ScenarioInvalidException>(() => Import(Valid.Replace("\"c1\", \"text\"", "\"c1\" \"text\""), new RecordingCallInvoker()));

        var error = Assert.Single(ex.Errors).ToString();
        Assert.StartsWith("claims[0]: invalid JSON", error);
        Assert.Contains("(line 7,", error);
    }

    [Fact]
    public async Task An_id_neither_in_the_file_nor_on_the_server_is_an_error_after_only_a_lookup()
    {
        var json = Mutate("assertions[0]", "source", "ghost");
        var invoker = new RecordingCallInvoker();

        var ex = await Assert.ThrowsAsync<ScenarioInvalidException>(() => Import(json, invoker));

        Assert.Equal("assertions[0].source: source \"ghost\" is neither in the file nor stored on the server", Assert.Single(ex.Errors).ToString());
        Assert.Equal(["GetSource"], invoker.Calls);
    }

    [Fact]
    public void Ids_the_file_does_not_define_are_left_to_the_server()
    {
        var json = Mutate("expectations[0]", "claim", "stored-elsewhere");

        var check = ScenarioValidator.Validate(ScenarioFile.Parse(json), DateTimeOffset.UtcNow);

        Assert.Empty(check.Errors);
        Assert.Equal(new ExternalReference("expectations[0].claim", IsClaim: true, "stored-elsewhere"), Assert.Single(check.External));
    }

    static Task<ImportSummary> Import(string json, RecordingCallInvoker invoker)
    {
        var client = new ClaimStatusService.ClaimStatusServiceClient(invoker);
        return new ScenarioImporter(client, ImportProgress.None).ImportAsync(ScenarioFile.Parse(json), withheld: null, CancellationToken.None);
    }

    /// <summary>The valid file with one field set (or removed, for null); entry "" is the top level.</summary>
    static string Mutate(string entry, string field, object? value)
    {
        var doc = JsonNode.Parse(Valid)!;
        var target = entry == "" ? doc.AsObject() : doc[entry[..entry.IndexOf('[')]]![int.Parse(entry[(entry.IndexOf('[') + 1)..^1])]!.AsObject();
        if (value is null) target.Remove(field);
        else target[field] = JsonValue.Create(value);
        return doc.ToJsonString();
    }
}
