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

    [Fact]
    public async Task A_write_span_names_its_recorder_and_a_read_span_names_none()
    {
        using var issuer = new TestIssuer();
        await using var server = await TracedServer.StartAsync(issuer.Settings);
        var headers = TestIssuer.Bearer(issuer.Token("ivan", "claims.read claims.write"));

        using var write = server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Grpc.Builders.Source(Grpc.Builders.NewId("span")) }, headers);
        Assert.Equal("ivan", (await write.ResponseAsync).RecordedBy);
        Assert.Equal("ivan", await ServerTagAsync(server, write.GetTrailers(), "claimstatus.recorded_by"));

        using var read = server.Client.ListSourcesAsync(new ListSourcesRequest(), headers);
        await read.ResponseAsync;
        Assert.Null(await ServerTagAsync(server, read.GetTrailers(), "claimstatus.recorded_by"));
    }

    static async Task<object?> ServerTagAsync(TracedServer server, global::Grpc.Core.Metadata trailers, string tag)
    {
        var trace = await server.TraceAsync(trailers.GetValue("trace-id")!, t => t.Any(s => s.Kind == ActivityKind.Server));
        return TracedServer.ServerSpan(trace).GetTagItem(tag);
    }

    static async Task<object?> EndUserAsync(TracedServer server, global::Grpc.Core.Metadata headers)
    {
        using var call = server.Client.ListSourcesAsync(new ListSourcesRequest(), headers);
        await call.ResponseAsync;
        var trace = await server.TraceAsync(call.GetTrailers().GetValue("trace-id")!, t => t.Any(s => s.Kind == ActivityKind.Server));
        return TracedServer.ServerSpan(trace).GetTagItem("enduser.id");
    }
}
