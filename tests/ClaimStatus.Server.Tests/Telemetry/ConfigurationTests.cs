using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Telemetry;

/// <summary>The standard OTEL_* settings and log correlation, each on a server of its own.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ConfigurationTests
{
    static string ServiceName(TracedServer server) => (string)server.Services.GetRequiredService<TracerProvider>()
        .GetResource().Attributes.Single(a => a.Key == "service.name").Value;

    [Fact]
    public async Task Service_is_named_claimstatus_unless_OTEL_SERVICE_NAME_says_otherwise()
    {
        await using (var plain = await TracedServer.StartAsync())
            Assert.Equal("claimstatus", ServiceName(plain));
        await using (var named = await TracedServer.StartAsync(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "claimstatus-eu" }))
            Assert.Equal("claimstatus-eu", ServiceName(named));
    }

    [Fact]
    public async Task OTEL_TRACES_SAMPLER_always_off_records_no_spans_yet_the_call_still_names_its_trace()
    {
        await using var server = await TracedServer.StartAsync(new Dictionary<string, string?> { ["OTEL_TRACES_SAMPLER"] = "always_off" });
        var claim = NewId("claim");
        using var call = server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        await call.ResponseAsync;
        Assert.Matches("^[0-9a-f]{32}$", call.GetTrailers().GetValue("trace-id"));

        // Spans end before the reply is sent; the server span just after. Give it ample time to show up anyway.
        await Task.Delay(500);
        Assert.Empty(server.Spans.Snapshot());
    }

    [Fact]
    public async Task Log_lines_written_during_a_call_carry_its_trace_and_span_ids()
    {
        await using var server = await TracedServer.StartAsync();
        using var call = server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(NewId("claim")) });
        await call.ResponseAsync;
        var traceId = call.GetTrailers().GetValue("trace-id")!;

        var trace = await server.TraceAsync(traceId, t => t.Any(s => s.Kind == ActivityKind.Server));
        var serverSpan = TracedServer.ServerSpan(trace);
        var lines = server.Logs.Lines.Where(l => l.Scope.TryGetValue("TraceId", out var id) && Equals(id?.ToString(), traceId)).ToList();
        Assert.Contains(lines, l => l.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && l.Message.Contains("CreateClaim", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Equal(serverSpan.SpanId.ToHexString(), l.Scope["SpanId"]?.ToString()));
    }
}
