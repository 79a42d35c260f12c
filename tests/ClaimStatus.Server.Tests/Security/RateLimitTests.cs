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
