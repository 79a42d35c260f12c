using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using Grpc.Core;
using static ClaimStatus.Server.Tests.Grpc.Builders;

namespace ClaimStatus.Server.Tests.Telemetry;

public sealed class TracedServerFixture : IAsyncLifetime
{
    public TracedServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await TracedServer.StartAsync();
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>What an engineer sees for one call of each kind: one trace, the call's server span at its
/// root, a span per database command and a scoring span carrying the decision.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class SpanTreeTests(TracedServerFixture fixture) : IClassFixture<TracedServerFixture>
{
    readonly TracedServer _server = fixture.Server;
    readonly ClaimStatusService.ClaimStatusServiceClient _client = fixture.Server.Client;

    async Task<(string Claim, string[] Sources)> ClaimWithSourcesAsync(int sources, string? topic = null)
    {
        var claim = NewId("claim");
        await _client.CreateClaimAsync(new CreateClaimRequest { Claim = Claim(claim, topic is null ? null : [topic]) });
        var ids = new string[sources];
        for (var i = 0; i < sources; i++)
        {
            ids[i] = NewId($"src{i}");
            await _client.UpsertSourceAsync(new UpsertSourceRequest { Source = Source(ids[i], Reliability.A, NewId("group")) });
        }
        return (claim, ids);
    }

    static IEnumerable<Activity> ChildrenOf(IReadOnlyList<Activity> trace, Activity parent) =>
        trace.Where(s => s.ParentSpanId == parent.SpanId);

    static object? Tag(Activity span, string key) => span.TagObjects.FirstOrDefault(t => t.Key == key).Value;

    /// <summary>SQLite commands read like SqlClient's: system, operation, table; never a parameter value.</summary>
    static void AssertDatabaseSpans(IEnumerable<Activity> spans, string secret)
    {
        var database = spans.Where(s => Equals(Tag(s, "db.system"), "sqlite")).ToList();
        Assert.NotEmpty(database);
        foreach (var span in database)
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("sqlite", Tag(span, "db.system.name"));
            Assert.NotNull(Tag(span, "db.operation.name"));
            Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task Status_read_is_one_trace_with_database_spans_and_a_scoring_span_holding_the_decision()
    {
        var (claim, sources) = await ClaimWithSourcesAsync(3);
        for (var i = 0; i < sources.Length; i++)
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, sources[i], Stance.Supports, Day.AddDays(i)) });

        using var call = _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, AsOf = At(Day.AddDays(5)) });
        var report = await call.ResponseAsync;
        var traceId = call.GetTrailers().GetValue("trace-id")!;

        // The trailer names the trace whose root is this call's server span.
        var trace = await _server.TraceAsync(traceId, t => t.Any(s => s.Kind == ActivityKind.Server));
        var root = TracedServer.ServerSpan(trace);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal("grpc", Tag(root, "rpc.system.name"));
        Assert.Equal("claimstatus.v1.ClaimStatusService/GetStatus", Tag(root, "rpc.method"));
        Assert.Contains("GetStatus", root.DisplayName, StringComparison.Ordinal);

        var children = ChildrenOf(trace, root).ToList();
        AssertDatabaseSpans(children, claim);
        Assert.Contains(children, s => Equals(Tag(s, "db.collection.name"), "assertions") && Equals(Tag(s, "db.operation.name"), "SELECT"));

        var score = Assert.Single(children, s => s.OperationName == "claimstatus.score");
        Assert.Equal(claim, Tag(score, "claimstatus.claim_id"));
        Assert.Equal("CONFIRMED", Tag(score, "claimstatus.status"));
        Assert.Equal(report.Probability, (double)Tag(score, "claimstatus.probability")!);
        Assert.Equal(report.Belief, (double)Tag(score, "claimstatus.belief")!);
        Assert.Equal(report.Disbelief, (double)Tag(score, "claimstatus.disbelief")!);
        Assert.Equal(report.Uncertainty, (double)Tag(score, "claimstatus.uncertainty")!);
        Assert.Equal(3, Convert.ToInt32(Tag(score, "claimstatus.assertions.used")));
        Assert.Equal(0, Convert.ToInt32(Tag(score, "claimstatus.assertions.superseded")));
        Assert.Equal(3, Convert.ToInt32(Tag(score, "claimstatus.groups.supporting")));
        Assert.Equal(0, Convert.ToInt32(Tag(score, "claimstatus.groups.refuting")));
        Assert.Equal(report.PolicyName, Tag(score, "claimstatus.policy.name"));
        Assert.Equal(report.PolicyVersion, Tag(score, "claimstatus.policy.version"));
        Assert.Equal("2024-10-23T00:00:00.0000000Z", Tag(score, "claimstatus.as_of"));

        var contributions = score.Events.Where(e => e.Name == "claimstatus.contribution").ToList();
        Assert.Equal(3, contributions.Count);
        Assert.All(contributions, e => Assert.Contains(e.Tags, t => t.Key == "claimstatus.source_id" && sources.Contains(t.Value)));
    }

    [Fact]
    public async Task Scoring_span_names_at_most_five_top_contributions()
    {
        var (claim, sources) = await ClaimWithSourcesAsync(7);
        foreach (var source in sources)
            await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, source, Stance.Supports, Day) });

        using var call = _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim, AsOf = At(Day.AddDays(1)) });
        await call.ResponseAsync;
        var trace = await _server.TraceAsync(call.GetTrailers().GetValue("trace-id")!, t => t.Any(s => s.Kind == ActivityKind.Server));
        var score = Assert.Single(trace, s => s.OperationName == "claimstatus.score");
        Assert.Equal(7, Convert.ToInt32(Tag(score, "claimstatus.assertions.used")));
        Assert.Equal(5, score.Events.Count(e => e.Name == "claimstatus.contribution"));
    }

    [Fact]
    public async Task Unary_write_rescores_in_its_own_span_and_the_transition_is_an_event_there()
    {
        var (claim, sources) = await ClaimWithSourcesAsync(2);
        await _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, sources[0], Stance.Supports, Day) });

        // A second independent, completely reliable voice confirms the claim.
        using var call = _client.RecordAssertionAsync(new RecordAssertionRequest { Assertion = Assertion(claim, sources[1], Stance.Supports, Day) });
        await call.ResponseAsync;
        var trace = await _server.TraceAsync(call.GetTrailers().GetValue("trace-id")!, t => t.Any(s => s.Kind == ActivityKind.Server));

        var root = TracedServer.ServerSpan(trace);
        Assert.Contains("RecordAssertion", root.DisplayName, StringComparison.Ordinal);
        var children = ChildrenOf(trace, root).ToList();
        AssertDatabaseSpans(children, claim);
        Assert.Contains(children, s => Equals(Tag(s, "db.operation.name"), "INSERT") && Equals(Tag(s, "db.collection.name"), "assertions"));

        var rescore = Assert.Single(children, s => s.OperationName == "claimstatus.rescore");
        Assert.Equal("assertion", Tag(rescore, "claimstatus.cause"));
        var score = Assert.Single(ChildrenOf(trace, rescore), s => s.OperationName == "claimstatus.score");
        Assert.Equal(claim, Tag(score, "claimstatus.claim_id"));
        Assert.Contains(ChildrenOf(trace, rescore), s => Equals(Tag(s, "db.collection.name"), "status_transitions"));

        var transition = Assert.Single(rescore.Events, e => e.Name == "claimstatus.status_transition");
        var tags = transition.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(claim, tags["claimstatus.claim_id"]);
        Assert.Equal("UNVERIFIED", tags["claimstatus.status.from"]);
        Assert.Equal("CONFIRMED", tags["claimstatus.status.to"]);
        Assert.DoesNotContain(root.Events, e => e.Name == "claimstatus.status_transition");
    }

    [Fact]
    public async Task Client_streaming_import_traces_its_writes_and_links_the_queued_rescoring_back_to_it()
    {
        var (claim, sources) = await ClaimWithSourcesAsync(3);

        using var call = _client.RecordAssertions();
        var batch = new RecordAssertionsRequest();
        for (var i = 0; i < sources.Length; i++) batch.Assertions.Add(Assertion(claim, sources[i], Stance.Supports, Day.AddDays(i)));
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        Assert.Equal(3, (await call.ResponseAsync).Recorded);
        var traceId = call.GetTrailers().GetValue("trace-id")!;

        var trace = await _server.TraceAsync(traceId, t => t.Any(s => s.Kind == ActivityKind.Server));
        var root = TracedServer.ServerSpan(trace);
        Assert.Contains("RecordAssertions", root.DisplayName, StringComparison.Ordinal);
        var children = ChildrenOf(trace, root).ToList();
        AssertDatabaseSpans(children, claim);
        var insert = Assert.Single(children, s => Equals(Tag(s, "db.operation.name"), "INSERT") && Equals(Tag(s, "db.collection.name"), "assertions"));
        Assert.Equal(3, Convert.ToInt32(Tag(insert, "db.operation.batch.size")));

        // The rescoring runs after the call, in its own trace, linked to the call's span.
        var rescore = await WaitForAsync(() => _server.Spans.Snapshot().FirstOrDefault(s =>
            s.OperationName == "claimstatus.rescore" && s.Links.Any(l => l.Context.TraceId == root.TraceId && l.Context.SpanId == root.SpanId)));
        Assert.NotEqual(root.TraceId, rescore.TraceId);
        var transition = Assert.Single(rescore.Events, e => e.Name == "claimstatus.status_transition");
        Assert.Contains(transition.Tags, t => t.Key == "claimstatus.status.to" && Equals(t.Value, "CONFIRMED"));
        var rescoreTrace = await _server.TraceAsync(rescore.TraceId.ToHexString(), t => t.Any(s => s.OperationName == "claimstatus.score"));
        Assert.Contains(rescoreTrace, s => s.ParentSpanId == rescore.SpanId && Equals(Tag(s, "claimstatus.claim_id"), claim));
    }

    [Fact]
    public async Task Server_streaming_watch_continues_the_callers_trace_and_scores_under_its_span()
    {
        var topic = NewId("topic");
        var (claim, _) = await ClaimWithSourcesAsync(0, topic);
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        using (var watch = _client.WatchStatus(new WatchStatusRequest { Topic = topic },
            new Metadata { { "traceparent", $"00-{callerTrace.ToHexString()}-{callerSpan.ToHexString()}-01" } }, cancellationToken: cts.Token))
        {
            Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
            Assert.Equal(claim, watch.ResponseStream.Current.Status.ClaimId);
        }

        // The server span ends when the stream does: after the client cancels it by disposing the call.
        var trace = await _server.TraceAsync(callerTrace.ToHexString(), t => t.Any(s => s.Kind == ActivityKind.Server));
        var root = TracedServer.ServerSpan(trace);
        Assert.Equal(callerSpan, root.ParentSpanId);
        Assert.Contains("WatchStatus", root.DisplayName, StringComparison.Ordinal);
        var children = ChildrenOf(trace, root).ToList();
        AssertDatabaseSpans(children, topic);
        // The first message comes from the claim's kept report (its creation rescored it): no scoring, and the
        // answer is on the call's span.
        Assert.DoesNotContain(children, s => s.OperationName == "claimstatus.score");
        Assert.Equal(1, Convert.ToInt32(Tag(root, "claimstatus.status.stored")));
        Assert.Equal(claim, Tag(root, "claimstatus.claim_id"));
        Assert.Equal("UNVERIFIED", Tag(root, "claimstatus.status"));
    }

    [Fact]
    public async Task Incoming_traceparent_is_continued_and_the_trailer_names_that_trace()
    {
        var (claim, _) = await ClaimWithSourcesAsync(0);
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var call = _client.GetStatusAsync(new GetStatusRequest { ClaimId = claim },
            new Metadata { { "traceparent", $"00-{callerTrace.ToHexString()}-{callerSpan.ToHexString()}-01" } });
        await call.ResponseAsync;
        var trailer = call.GetTrailers().GetValue("trace-id");

        Assert.Equal(callerTrace.ToHexString(), trailer);
        var trace = await _server.TraceAsync(trailer!, t => t.Any(s => s.Kind == ActivityKind.Server));
        var root = TracedServer.ServerSpan(trace);
        Assert.Equal(callerSpan, root.ParentSpanId);
        // Answered from the kept report: one database read under the call's span.
        Assert.Contains(trace, s => s.DisplayName == "SELECT claim_assessments" && s.ParentSpanId == root.SpanId);
        Assert.Equal(1, Convert.ToInt32(Tag(root, "claimstatus.status.stored")));
    }

    static async Task<T> WaitForAsync<T>(Func<T?> find) where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (find() is { } found) return found;
            await Task.Delay(20);
        }
        throw new TimeoutException("Not seen in 10 s.");
    }
}
