using System.Net;
using System.Text.Json;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Grpc;
using Google.Api;
using Google.Protobuf.Reflection;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Api;

/// <summary>HTTP/JSON as a caller without gRPC sees it: HTTP/1.1 on the cleartext JSON port, the routes of the proto's
/// google.api.http options, google.rpc.Status errors, the watch as newline-delimited JSON, the OpenAPI document.</summary>
public sealed class HttpJsonTests(JsonServerFixture server) : IClassFixture<JsonServerFixture>
{
    readonly HttpClient _http = JsonServer.Client(server.JsonAddress);

    async Task<string> ConfirmedClaimAsync()
    {
        var id = NewId("json");
        var created = await _http.SendAsync(HttpMethod.Post, "/v1/claims", new { id, text = "It rained in Pyongyang" });
        Assert.Equal(HttpStatusCode.OK, created.Code);
        foreach (var (source, group) in new[] { ("a", "ga"), ("b", "gb"), ("c", "gc") })
        {
            var sourceId = $"{id}-{source}";
            var upserted = await _http.SendAsync(HttpMethod.Put, $"/v1/sources/{sourceId}", new
            {
                id = sourceId, name = "Source " + source, kind = "SOURCE_KIND_GOVERNMENT", reliability = "RELIABILITY_A", groups = new[] { group },
            });
            Assert.Equal(HttpStatusCode.OK, upserted.Code);
            var recorded = await _http.SendAsync(HttpMethod.Post, $"/v1/claims/{id}/assertions", new
            {
                sourceId, stance = "STANCE_SUPPORTS", hedge = "HEDGE_CERTAIN", observedAt = "2024-10-18T09:00:00Z", key = $"{id}-{source}",
            });
            Assert.Equal(HttpStatusCode.OK, recorded.Code);
            Assert.False(recorded.Body.GetProperty("replayed").GetBoolean());
        }
        return id;
    }

    [Fact]
    public async Task Http_1_1_creates_a_claim_records_evidence_and_reads_the_status_gRPC_also_reads()
    {
        var id = await ConfirmedClaimAsync();

        var (code, status, response) = await _http.SendAsync(HttpMethod.Get, $"/v1/claims/{id}/status");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("STATUS_CONFIRMED", status.Text("status"));
        Assert.Equal(3, status.GetProperty("supportingGroups").GetInt32());
        var grpc = await server.Client.GetStatusAsync(new GetStatusRequest { ClaimId = id });
        Assert.Equal(grpc.Probability, status.GetProperty("probability").GetDouble(), 12);
    }

    [Fact]
    public async Task Query_parameters_bind_as_of_and_the_view()
    {
        var id = await ConfirmedClaimAsync();

        var before = await _http.SendAsync(HttpMethod.Get, $"/v1/claims/{id}/status?asOf=2024-10-17T00:00:00Z&view=STATUS_VIEW_FULL");
        var full = await _http.SendAsync(HttpMethod.Get, $"/v1/claims/{id}/status?view=STATUS_VIEW_FULL");

        Assert.Equal("STATUS_UNVERIFIED", before.Body.Text("status"));
        Assert.Equal("2024-10-17T00:00:00Z", before.Body.Text("asOf"));
        Assert.Equal(3, full.Body.GetProperty("contributions").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_request_is_a_google_rpc_status_with_the_field_violations_and_http_400()
    {
        var id = await ConfirmedClaimAsync();

        var (code, error, _) = await _http.SendAsync(HttpMethod.Post, $"/v1/claims/{id}/assertions",
            new { sourceId = $"{id}-a", stance = "STANCE_SUPPORTS", observedAt = "2024-10-18T09:00:00Z", key = "no-hedge" });

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        var detail = error.GetProperty("details").EnumerateArray().Single();
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.Text("@type"));
        Assert.Equal("assertion.hedge", detail.GetProperty("fieldViolations").EnumerateArray().Single().Text("field"));
        var listed = await server.Client.ListAssertionsAsync(new ListAssertionsRequest { ClaimId = id });
        Assert.Equal(3, listed.Assertions.Count); // nothing stored by the refused call
    }

    [Fact]
    public async Task An_unknown_claim_is_http_404_with_not_found()
    {
        var (code, error, _) = await _http.SendAsync(HttpMethod.Get, "/v1/claims/no-such-claim/status");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal(5, error.GetProperty("code").GetInt32());
        Assert.Contains("no-such-claim", error.Text("message"));
    }

    [Fact]
    public async Task The_watch_streams_newline_delimited_json_initial_status_then_each_change()
    {
        var id = NewId("jsonwatch");
        await _http.SendAsync(HttpMethod.Post, "/v1/claims", new { id, text = "Watched" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/status:watch?claimIds={id}"),
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var initial = JsonDocument.Parse((await lines.ReadLineAsync(timeout.Token))!).RootElement;
        await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source($"{id}-s", Reliability.A, "g1") });
        await server.Client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(id, $"{id}-s", Stance.Refutes, Day) });
        await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source($"{id}-t", Reliability.A, "g2") });
        await server.Client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(id, $"{id}-t", Stance.Refutes, Day) });
        var change = JsonDocument.Parse((await lines.ReadLineAsync(timeout.Token))!).RootElement;

        Assert.Equal("STATUS_UNVERIFIED", initial.GetProperty("status").Text("status"));
        Assert.Equal("STATUS_DENIED", change.GetProperty("transition").Text("toStatus"));
        Assert.Equal(id, change.GetProperty("status").Text("claimId"));
    }

    [Fact]
    public async Task The_openapi_document_has_a_route_for_every_mapped_rpc_with_the_proto_comments()
    {
        var (code, document, _) = await _http.SendAsync(HttpMethod.Get, HttpJsonRegistration.OpenApiPath);
        var mapped = ClaimStatusService.Descriptor.Methods
            .Where(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not null).ToList();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Verb: op.Name, Op: op.Value))).ToList();

        Assert.Equal(HttpStatusCode.OK, code);
        // Every RPC but the client stream has a route, and the document has one operation for each.
        Assert.Equal(ClaimStatusService.Descriptor.Methods.Count - 1, mapped.Count);
        Assert.DoesNotContain(mapped, m => m.IsClientStreaming);
        Assert.Equal(mapped.Count, operations.Count);
        var getStatus = operations.Single(o => o.Path == "/v1/claims/{claimId}/status" && o.Verb == "get").Op;
        Assert.Equal("A claim's status as of a time (default now), with its explanation.", getStatus.Text("summary"));
        Assert.Contains(getStatus.GetProperty("parameters").EnumerateArray(),
            p => p.Text("name") == "asOf" && p.Text("description").StartsWith("Default: now.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_page_is_served()
    {
        var page = await _http.GetStringAsync(HttpJsonRegistration.ApiPagePath + "/index.html");

        Assert.Contains("swagger-ui", page);
    }
}
