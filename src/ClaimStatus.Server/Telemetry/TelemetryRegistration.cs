using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClaimStatus.Server.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>Traces and metrics for every call. Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT
    /// is set; the standard OTEL_* variables (service name, sampler) apply.</summary>
    public static WebApplicationBuilder AddClaimStatusTelemetry(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "claimstatus"))
            .WithTracing(tracing => tracing
                .AddSource(ClaimStatusTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddSqlClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(ClaimStatusTelemetry.Name)
                .AddAspNetCoreInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);
            otel.UseOtlpExporter();
        }
        return builder;
    }
}
