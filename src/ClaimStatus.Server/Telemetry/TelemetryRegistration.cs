using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClaimStatus.Server.Telemetry;

public static class TelemetryRegistration
{
    public const string DefaultServiceName = "claimstatus";

    /// <summary>Traces and metrics for every call. Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT
    /// is set; the standard OTEL_* variables (service name, resource attributes, sampler) apply.</summary>
    public static WebApplicationBuilder AddClaimStatusTelemetry(this WebApplicationBuilder builder)
    {
        // rpc.system, rpc.service, rpc.method and rpc.grpc.status_code on the server span, and the span's
        // name and status from the gRPC method and status: still opt-in in the ASP.NET Core instrumentation.
        const string grpcSupport = "OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_ENABLE_GRPC_INSTRUMENTATION";
        if (builder.Configuration[grpcSupport] is null) builder.Configuration.AddInMemoryCollection([new(grpcSupport, "true")]);

        var otel = builder.Services.AddOpenTelemetry()
            // The environment detector runs again after our default, so OTEL_SERVICE_NAME and
            // OTEL_RESOURCE_ATTRIBUTES win over the name given here.
            .ConfigureResource(resource => resource.AddService(DefaultServiceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .AddSource(ClaimStatusTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddSqlClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(ClaimStatusTelemetry.Name)
                .AddAspNetCoreInstrumentation());

        // Every log line written during a call carries its trace and span ids, on the console too,
        // so a line found by trace id (the trace-id trailer) leads to the trace and back.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // Either console format (Logging:Console:FormatterName "simple", or "json" for one JSON object a line) shows them;
        // the format itself is left to configuration.
        builder.Services.Configure<SimpleConsoleFormatterOptions>(console => console.IncludeScopes = true);
        builder.Services.Configure<JsonConsoleFormatterOptions>(console => console.IncludeScopes = true);

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithLogging(logging => { }, options => options.IncludeScopes = true);
            otel.UseOtlpExporter();
        }
        return builder;
    }
}
