using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Telemetry;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>The caller's principal on the call's span, so a trace says who made the call.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class CallerSpanTests
{
    [Fact]
    public async Task The_server_span_names_the_authenticated_caller()
    {
        using var issuer = new TestIssuer();
        await using var server = await TracedServer.StartAsync(issuer.Settings);
        Assert.Equal("ivan", await EndUserAsync(server, TestIssuer.Bearer(issuer.Token("ivan", "claims.read"))));
    }

    [Fact]
    public async Task Without_auth_the_caller_is_anonymous()
    {
        await using var server = await TracedServer.StartAsync();
        Assert.Equal("anonymous", await EndUserAsync(server, []));
    }

    static async Task<object?> EndUserAsync(TracedServer server, global::Grpc.Core.Metadata headers)
    {
        using var call = server.Client.ListSourcesAsync(new ListSourcesRequest(), headers);
        await call.ResponseAsync;
        var trace = await server.TraceAsync(call.GetTrailers().GetValue("trace-id")!, t => t.Any(s => s.Kind == ActivityKind.Server));
        return TracedServer.ServerSpan(trace).GetTagItem("enduser.id");
    }
}
