using System.Text.Json;
using ClaimStatus.Contracts.V1;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Telemetry;

/// <summary>End to end: the service exports over OTLP to a real viewer, and the trace named by a call's
/// trace-id trailer shows up there with the decision on its scoring span.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class DashboardTests
{
    [Fact]
    public async Task Status_call_trace_reaches_the_Aspire_Dashboard_with_its_decision()
    {
        using var dashboard = await AspireDashboard.StartAsync();
        await using var server = await TracedServer.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpGrpcUrl,
            ["OTEL_SERVICE_NAME"] = "claimstatus-e2e",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        var client = server.Client;
        var claim = NewId("claim");
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        for (var i = 0; i < 2; i++)
        {
            var source = NewId($"src{i}");
            await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(source, Reliability.A, NewId("group")) });
            await client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day) });
        }
        // As of a set time, so the call scores the evidence (a read as of now is answered from the kept report).
        using var call = client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, AsOf = At(Day.AddDays(1)) });
        var report = await call.ResponseAsync;
        var traceId = call.GetTrailers().GetValue("trace-id")!;

        JsonElement[] spans = [];
        await dashboard.WaitUntilAsync(async () =>
        {
            using var trace = await dashboard.TraceAsync(traceId);
            spans = trace is null ? [] : [.. Spans(trace.RootElement).Select(s => s.Clone())];
            return spans.Any(s => Name(s) == "claimstatus.score") && spans.Any(s => Name(s).EndsWith("/GetStatus", StringComparison.Ordinal));
        }, $"show trace {traceId}");

        var score = spans.Single(s => Name(s) == "claimstatus.score");
        var server_ = spans.Single(s => Name(s) == "claimstatus.v1.ClaimStatusService/GetStatus");
        Assert.Equal(server_.GetProperty("spanId").GetString(), score.GetProperty("parentSpanId").GetString());
        Assert.Equal(claim, Attribute(score, "claimstatus.claim_id"));
        Assert.Equal(report.Status.ToString().ToUpperInvariant(), Attribute(score, "claimstatus.status"));
        Assert.Equal(report.PolicyName, Attribute(score, "claimstatus.policy.name"));
        Assert.Equal("2", Attribute(score, "claimstatus.groups.supporting"));
        Assert.Contains(spans, s => Attribute(s, "db.system") == "sqlite");
        Assert.Equal(2, score.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("name").GetString() == "claimstatus.contribution"));
    }

    static IEnumerable<JsonElement> Spans(JsonElement response) =>
        from resource in response.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
        from scope in resource.GetProperty("scopeSpans").EnumerateArray()
        from span in scope.GetProperty("spans").EnumerateArray()
        select span;

    static string Name(JsonElement span) => span.GetProperty("name").GetString()!;

    /// <summary>An attribute's value as text, whatever its OTLP type (intValue is a string in OTLP JSON).</summary>
    static string? Attribute(JsonElement span, string key)
    {
        foreach (var attribute in span.GetProperty("attributes").EnumerateArray())
        {
            if (attribute.GetProperty("key").GetString() != key) continue;
            foreach (var value in attribute.GetProperty("value").EnumerateObject())
                return value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
        }
        return null;
    }
}
