using ClaimStatus.Server.Tests.Storage;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace ClaimStatus.Server.Tests.Grpc;

public abstract class HealthAndReflectionTests(ServerFixture server)
{
    [StoreFact]
    public async Task Health_reports_serving_when_the_database_answers()
    {
        var health = new Health.HealthClient(server.Channel);
        var reply = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [StoreFact]
    public async Task Reflection_lists_the_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name);
        Assert.Contains("claimstatus.v1.ClaimStatusService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }
}

public sealed class HealthAndReflectionTestsOnSqlite(ServerFixture server) : HealthAndReflectionTests(server), IClassFixture<ServerFixture>;

[RequiresSqlServer]
public sealed class HealthAndReflectionTestsOnSqlServer(SqlServerServerFixture server) : HealthAndReflectionTests(server), IClassFixture<SqlServerServerFixture>;

public sealed class DatabaseHealthCheckTests
{
    [Fact]
    public async Task Database_that_cannot_be_reached_is_unhealthy()
    {
        // A real SQL Server client aimed at a loopback port nothing listens on.
        var store = new ClaimStatus.Server.Storage.SqlServer.SqlServerClaimStore(
            "Server=127.0.0.1,1;Database=none;User Id=nobody;Password=x;Connect Timeout=2;TrustServerCertificate=True");
        var check = new ClaimStatus.Server.Storage.DatabaseHealthCheck(store,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ClaimStatus.Server.Storage.DatabaseHealthCheck>.Instance, TimeProvider.System);
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext
        {
            Registration = new("database", check, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, null),
        };
        var result = await check.CheckHealthAsync(context);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
    }
}
