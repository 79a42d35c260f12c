using ClaimStatus.Scoring;
using ClaimStatus.Server.Grpc;
using ClaimStatus.Server.Security;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaimStatus.Server;

public static class ClaimStatusRegistration
{
    /// <summary>Wires the whole service: gRPC, storage, the engine's policy, status tracking, health and telemetry.</summary>
    public static WebApplicationBuilder AddClaimStatus(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ServerInterceptor>();
            grpc.MaxReceiveMessageSize = 16 * 1024 * 1024;
            // Replies are paged and bounded well below this; the limit turns any that is not into RESOURCE_EXHAUSTED.
            grpc.MaxSendMessageSize = 16 * 1024 * 1024;
        });
        // Grpc:MaxReceiveMessageSize and Grpc:MaxSendMessageSize (and grpc-dotnet's other options) over the defaults above.
        services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>().BindConfiguration("Grpc");
        services.AddSingleton<global::Grpc.AspNetCore.Server.Model.IServiceMethodProvider<ClaimStatusGrpcService>, StrictMessageBinding>();
        builder.AddClaimStatusHttpJson();
        services.AddGrpcReflection();
        // Reflection finds services through the generated base class, which ours does not derive from
        // (see StrictMessageBinding), so both versions are told every descriptor directly: v1 is what current
        // tools (grpcurl, Postman, grpcui) ask first, v1alpha what older ones ask.
        Google.Protobuf.Reflection.ServiceDescriptor[] described =
        [
            Contracts.V1.ClaimStatusService.Descriptor,
            global::Grpc.Health.V1.Health.Descriptor,
            global::Grpc.Reflection.V1.ServerReflection.Descriptor,
            global::Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        ];
        services.AddSingleton(new global::Grpc.Reflection.ReflectionV1ServiceImpl(described));
        services.AddSingleton(new global::Grpc.Reflection.ReflectionServiceImpl(described));
        builder.AddClaimStatusSecurity();
        // Before health: hosted services start one after the other in this order, so the migrator has finished when the
        // health publisher starts its clock (a probe of a half-migrated database would be reused by the first Check).
        services.AddClaimStatusStorage(builder.Configuration);
        // "liveness": the process answers (a check that always passes). "", "readiness" and the service's own name
        // (what standard clients ask for): the database can be read and written.
        services.AddGrpcHealthChecks(health =>
        {
            health.Services.Clear();
            health.Services.Map("", check => check.Tags.Contains(DatabaseHealthCheck.ReadyTag));
            health.Services.Map("readiness", check => check.Tags.Contains(DatabaseHealthCheck.ReadyTag));
            health.Services.Map(Contracts.V1.ClaimStatusService.Descriptor.FullName, check => check.Tags.Contains(DatabaseHealthCheck.ReadyTag));
            health.Services.Map("liveness", check => check.Tags.Contains("live"));
        })
            .AddCheck("process", () => HealthCheckResult.Healthy(), ["live"]) // answering at all is the news
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [DatabaseHealthCheck.ReadyTag], TimeSpan.FromSeconds(3));
        // Check runs the checks when asked; Watch streams what the publisher finds every Health:Period (first after
        // Health:Delay), so a watcher learns of a change within one period. The framework's 30 s is slow for that.
        services.AddOptions<HealthCheckPublisherOptions>()
            .Configure(o => (o.Delay, o.Period) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)))
            .BindConfiguration("Health");
        services.AddSingleton<DatabaseHealthCheck>();
        // The framework logs an error for every unhealthy probe; DatabaseHealthCheck logs once per change instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(ScoringPolicy.Default);
        services.AddOptions<WatchOptions>().BindConfiguration(WatchOptions.Section)
            .Validate(o => o.MaxClaimsPerWatch > 0 && o.MaxStreams > 0 && o.MaxStreamsPerCaller > 0 && o.InitialPageSize > 0 && o.WatcherBuffer > 0
                    && o.TrimAfterClosedStreams >= 0 && o.TrimQuietPeriod >= TimeSpan.Zero,
                "Watch:MaxClaimsPerWatch, MaxStreams, MaxStreamsPerCaller, InitialPageSize and WatcherBuffer must be positive; TrimAfterClosedStreams and TrimQuietPeriod must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<WatchStreams>();
        services.AddSingleton<WatchMemoryTrim>();
        services.AddHostedService(sp => sp.GetRequiredService<WatchMemoryTrim>());
        // Watch streams end at once on stop (WatchStreams), so a short grace period is enough for unary calls.
        services.AddOptions<HostOptions>().Configure(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)).BindConfiguration("Host");
        services.AddSingleton<TransitionFeed>();
        services.AddSingleton<ClaimTopics>();
        services.AddHostedService(sp => sp.GetRequiredService<TransitionFeed>());
        services.AddSingleton<RescoreQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<RescoreQueue>());
        services.AddSingleton<ClaimAssessor>();
        services.AddSingleton<StatusReader>();
        services.AddSingleton<StatusRepair>();
        services.AddOptions<ClaimReviewOptions>().BindConfiguration(ClaimReviewOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Organization), "ClaimReview:Organization must name the organisation that publishes the reviews")
            .ValidateOnStart();

        builder.AddClaimStatusTelemetry();
        return builder;
    }
}
