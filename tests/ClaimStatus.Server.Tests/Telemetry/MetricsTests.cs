using ClaimStatus.Contracts.V1;
using OpenTelemetry.Metrics;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests
{
    static MetricSnapshot Latest(IReadOnlyList<MetricSnapshot> exported, string name) => exported.Last(m => m.Name == name);

    static double Sum(MetricSnapshot metric, string? tag = null, string? value = null)
    {
        var total = 0.0;
        foreach (var point in metric.MetricPoints)
        {
            if (tag is not null)
            {
                var matches = false;
                foreach (var t in point.Tags) matches |= t.Key == tag && Equals(t.Value, value);
                if (!matches) continue;
            }
            total += metric.MetricType switch
            {
                MetricType.LongSum => point.GetSumLong(),
                MetricType.Histogram => point.GetHistogramCount(),
                _ => throw new InvalidOperationException(metric.MetricType.ToString()),
            };
        }
        return total;
    }

    [Fact]
    public async Task Calls_scoring_transitions_ingestion_and_import_batches_are_measured()
    {
        await using var server = await TracedServer.StartAsync();
        var client = server.Client;
        var claim = NewId("claim");
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim) });
        var sources = new[] { NewId("a"), NewId("b"), NewId("c") };
        foreach (var s in sources) await client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(s, Reliability.A, NewId("g")) });

        await client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, sources[0], Stance.Supports, Day) });
        using (var import = client.RecordAssertions())
        {
            var batch = new RecordAssertionsRequest();
            batch.Assertions.Add(Assertion(claim, sources[1], Stance.Supports, Day));
            batch.Assertions.Add(Assertion(claim, sources[2], Stance.Supports, Day));
            await import.RequestStream.WriteAsync(batch);
            await import.RequestStream.CompleteAsync();
            await import.ResponseAsync;
        }
        // The import's rescoring is queued; wait (bounded) until it has stored the CONFIRMED transition.
        // (A status read computes CONFIRMED as soon as the assertions are stored, before the worker runs.)
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await client.ListStatusTransitionsAsync(new ListStatusTransitionsRequest { ClaimId = claim }))
                   .Transitions.Any(t => t.ToStatus == Status.Confirmed))
        {
            Assert.True(DateTime.UtcNow < deadline, "The import's rescoring did not store the CONFIRMED transition in 10 s.");
            await Task.Delay(50);
        }
        Assert.Equal(Status.Confirmed, (await client.GetStatusAsync(new GetStatusRequest { ClaimId = claim })).Status);

        var exported = server.FlushMetrics();
        Assert.Equal(3, Sum(Latest(exported, "claimstatus.assertions.ingested")));
        var batches = Latest(exported, "claimstatus.import.batch_size");
        Assert.Equal(1, Sum(batches));
        foreach (var point in batches.MetricPoints) Assert.Equal(2, point.GetHistogramSum());
        // Creation (NONE to UNVERIFIED), then the import's rescoring (UNVERIFIED to CONFIRMED).
        Assert.Equal(1, Sum(Latest(exported, "claimstatus.status.transitions"), "claimstatus.status", "CONFIRMED"));
        // The import's rescoring computed CONFIRMED; the read after it was answered from the kept report.
        Assert.True(Sum(Latest(exported, "claimstatus.statuses.computed"), "claimstatus.status", "CONFIRMED") >= 1);
        Assert.True(Sum(Latest(exported, "claimstatus.status.reads"), "claimstatus.read", "stored") >= 1);
        Assert.True(Sum(Latest(exported, "claimstatus.scoring.duration")) >= 3);
        var rpc = Latest(exported, "http.server.request.duration");
        Assert.True(Sum(rpc) >= 7);
    }
}
