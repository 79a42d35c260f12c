using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Grpc;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>Budgets small enough to run out in a test and refilled too slowly to come back during it.</summary>
public sealed class TinyBudgetFixture() : JwtServerFixture(new Dictionary<string, string?>
{
    ["RateLimits:Reads:Burst"] = "3",
    ["RateLimits:Reads:TokensPerPeriod"] = "1",
    ["RateLimits:Reads:Period"] = "01:00:00",
    ["RateLimits:Writes:Burst"] = "2",
    ["RateLimits:Writes:TokensPerPeriod"] = "1",
    ["RateLimits:Writes:Period"] = "01:00:00",
});

public sealed class RateLimitTests(TinyBudgetFixture server) : IClassFixture<TinyBudgetFixture>
{
    const string AllScopes = "claims.read claims.write claims.adjudicate";

    [Fact]
    public async Task The_read_after_the_budget_is_resource_exhausted_with_a_retry_delay()
    {
        var frank = server.As("frank", AllScopes);
        for (var i = 0; i < 3; i++) await server.Client.ListSourcesAsync(new ListSourcesRequest(), frank);

        var ex = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => server.Client.GetStatusAsync(new GetStatusRequest { ClaimId = "any" }, frank).ResponseAsync);
        Assert.Contains("'frank' has used up its read budget", ex.Status.Detail);
        var retry = ex.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

        // Writes have their own budget, and another caller has its own buckets.
        await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Builders.Source(Builders.NewId("rl")) }, frank);
        await server.Client.ListSourcesAsync(new ListSourcesRequest(), server.As("grace", AllScopes));
    }

    [Fact]
    public async Task Adjudications_spend_the_write_budget()
    {
        var heidi = server.As("heidi", AllScopes);
        for (var i = 0; i < 2; i++)
            await server.Client.UpsertSourceAsync(new UpsertSourceRequest { Source = Builders.Source(Builders.NewId("rl")) }, heidi);

        var ex = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => server.Client.RecordAdjudicationAsync(new RecordAdjudicationRequest(), heidi).ResponseAsync);
        Assert.Contains("write budget", ex.Status.Detail);
        await server.Client.ListSourcesAsync(new ListSourcesRequest(), heidi);
    }

    [Fact]
    public async Task Health_is_never_rate_limited()
    {
        var health = new Health.HealthClient(server.Channel);
        for (var i = 0; i < 10; i++)
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }
}

/// <summary>Room for one call in progress at a time, so a test can fill it.</summary>
public sealed class OneCallAtATimeFixture() : ServerFixture(new Dictionary<string, string?> { ["RateLimits:MaxConcurrentCalls"] = "1" });

public sealed class LoadSheddingTests(OneCallAtATimeFixture server) : IClassFixture<OneCallAtATimeFixture>
{
    [Fact]
    public async Task A_call_beyond_the_concurrency_limit_is_refused_at_once_and_health_still_answers()
    {
        // An import stream holds its slot until it completes. It may itself be refused when it arrives while one of
        // the probing calls below holds the slot; then it is opened again.
        async Task<AsyncClientStreamingCall<RecordAssertionsRequest, RecordAssertionsResponse>> OpenImportAsync()
        {
            var call = server.Client.RecordAssertions();
            try
            {
                await call.RequestStream.WriteAsync(new RecordAssertionsRequest());
            }
            catch (RpcException)
            {
                // Refused on arrival; its ResponseAsync has completed, and the loop opens another.
            }
            return call;
        }
        var import = await OpenImportAsync();
        RpcException? refused = null;
        for (var attempt = 0; attempt < 50 && refused is null; attempt++)
        {
            if (import.ResponseAsync.IsCompleted)
            {
                import.Dispose();
                import = await OpenImportAsync();
            }
            // Only the import and this call compete for the one slot: a refusal here means the import holds it.
            try
            {
                await server.Client.ListSourcesAsync(new ListSourcesRequest());
                await Task.Delay(100);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("limit of 1 calls in progress (RateLimits:MaxConcurrentCalls)", refused.Status.Detail);
        Assert.Equal(TimeSpan.FromMilliseconds(100), refused.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan());
        var health = new Health.HealthClient(server.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        await import.RequestStream.CompleteAsync();
        await import.ResponseAsync;
        import.Dispose();
        // The slot is given back when the call ends, whatever it answered.
        await server.Client.ListSourcesAsync(new ListSourcesRequest());
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => server.Client.GetClaimAsync(new GetClaimRequest { Id = "none" }).ResponseAsync);
        await server.Client.ListSourcesAsync(new ListSourcesRequest());
    }
}
