using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Storage;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using V1 = Grpc.Reflection.V1;

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
    public async Task Health_answers_for_the_service_by_its_full_name()
    {
        var health = new Health.HealthClient(server.Channel);
        var reply = await health.CheckAsync(new HealthCheckRequest { Service = "claimstatus.v1.ClaimStatusService" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    /// <summary>What grpcurl, Postman and grpcui do: reflection v1 only (they fall back to v1alpha only when v1 is
    /// UNIMPLEMENTED, which it is not here), list the services, then fetch the file that defines one with its imports.</summary>
    [StoreFact]
    public async Task Reflection_v1_lists_the_service_and_describes_its_methods()
    {
        var reflection = new V1.ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("claimstatus.v1.ClaimStatusService", names);
        Assert.Contains("grpc.health.v1.Health", names);
        Assert.Contains("grpc.reflection.v1.ServerReflection", names);

        await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { FileContainingSymbol = "claimstatus.v1.ClaimStatusService" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var reply = call.ResponseStream.Current;
        Assert.Null(reply.ErrorResponse);
        var files = reply.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        var service = Assert.Single(files.SelectMany(f => f.Service.Select(s => (File: f, Service: s))), s => s.Service.Name == "ClaimStatusService");
        Assert.Equal("claimstatus.v1", service.File.Package);
        Assert.Equal(ClaimStatusService.Descriptor.Methods.Select(m => m.Name).Order(), service.Service.Method.Select(m => m.Name).Order());
        // A tool builds the descriptors from these files alone, so every import must be among them.
        var sent = files.Select(f => f.Name).ToHashSet();
        Assert.All(files.SelectMany(f => f.Dependency), dependency => Assert.Contains(dependency, sent));
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [StoreFact]
    public async Task Reflection_v1alpha_finds_the_file_of_the_service_too()
    {
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "claimstatus.v1.ClaimStatusService" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom);
        Assert.Contains(files, f => f.Service.Any(s => s.Name == "ClaimStatusService"));
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
