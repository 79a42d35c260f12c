using System.Text.Json;
using ClaimStatus.Contracts.V1;

namespace ClaimStatus.Server.Tests.Api;

/// <summary>The README's curl walkthrough, run with curl itself over HTTP/1.1 (.ci/run installs curl; without it the
/// test fails saying so).</summary>
public sealed class CurlTests(JsonServerFixture server) : IClassFixture<JsonServerFixture>
{
    const string Curl = "/usr/bin/curl";

    async Task<JsonElement> CurlAsync(params string[] arguments)
    {
        var (exitCode, output) = await ChildProcess.RunAsync(Curl, ["--silent", "--show-error", "--http1.1", "--fail-with-body", .. arguments],
            RepositoryRoot.Path, TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"curl {string.Join(' ', arguments)}: exit {exitCode}: {output}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public async Task Curl_creates_a_claim_records_an_assertion_and_reads_the_status_as_json()
    {
        Assert.True(File.Exists(Curl), "the curl test needs curl: apt-get install curl");
        var id = Grpc.Builders.NewId("curl");
        const string Json = "content-type: application/json";

        var claim = await CurlAsync("-X", "POST", $"{server.JsonAddress}/v1/claims", "-H", Json, "-d", $$"""{"id":"{{id}}","text":"It rained"}""");
        await CurlAsync("-X", "PUT", $"{server.JsonAddress}/v1/sources/{id}-met", "-H", Json,
            "-d", $$"""{"id":"{{id}}-met","name":"Met office","kind":"SOURCE_KIND_GOVERNMENT","reliability":"RELIABILITY_A"}""");
        var recorded = await CurlAsync("-X", "POST", $"{server.JsonAddress}/v1/claims/{id}/assertions", "-H", Json,
            "-d", $$"""{"sourceId":"{{id}}-met","stance":"STANCE_REFUTES","hedge":"HEDGE_CERTAIN","observedAt":"2024-10-18T09:00:00Z","key":"{{id}}-1"}""");
        var status = await CurlAsync($"{server.JsonAddress}/v1/claims/{id}/status");

        Assert.Equal(id, claim.Text("id"));
        Assert.Equal("STANCE_REFUTES", recorded.GetProperty("assertion").Text("stance"));
        Assert.Equal(1, status.GetProperty("assertionsUsed").GetInt32());
        Assert.Equal(1, status.GetProperty("refutingGroups").GetInt32());
        var grpc = await server.Client.GetStatusAsync(new GetStatusRequest { ClaimId = id });
        Assert.Equal(grpc.Status.ToString(), status.Text("status").Replace("STATUS_", "", StringComparison.Ordinal), ignoreCase: true);
    }
}
