using System.Net;
using ClaimStatus.Server.Security;

namespace ClaimStatus.Server.Tests.Api;

/// <summary>A JSON call passes the same trust boundary as a gRPC one: the bearer token, the method's scope.</summary>
public sealed class HttpJsonAccessTests(JsonJwtServerFixture server) : IClassFixture<JsonJwtServerFixture>
{
    readonly HttpClient _http = JsonServer.Client(server.JsonAddress);

    [Fact]
    public async Task Without_a_token_a_json_call_is_http_401_unauthenticated()
    {
        var (code, error, _) = await _http.SendAsync(HttpMethod.Get, "/v1/claims/any/status");

        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Equal(16, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_read_token_reads_but_may_not_write()
    {
        var reader = server.Issuer.Token("json-reader", MethodScopes.Read);
        var writer = server.Issuer.Token("json-writer", MethodScopes.Write);
        var id = Grpc.Builders.NewId("jsonauth");

        var refused = await _http.SendAsync(HttpMethod.Post, "/v1/claims", new { id, text = "Written with a read token" }, reader);
        var created = await _http.SendAsync(HttpMethod.Post, "/v1/claims", new { id, text = "Written with a write token" }, writer);
        var read = await _http.SendAsync(HttpMethod.Get, $"/v1/claims/{id}", bearer: reader);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Code);
        Assert.Contains(MethodScopes.Write, refused.Body.Text("message"));
        Assert.Equal(HttpStatusCode.OK, created.Code);
        Assert.Equal("json-writer", read.Body.Text("recordedBy"));
    }
}
