using System.Collections.ObjectModel;
using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ClaimStatus.Server.Tests.Telemetry;

/// <summary>Activity listeners are process-wide: another server's sampler or spans would leak into these
/// tests, so the telemetry tests run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>The real service on a loopback port with its spans and metrics kept in memory.</summary>
public sealed class TracedServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly GrpcChannel _channel;
    readonly string _dataFolder;

    TracedServer(WebApplication app, string dataFolder, LockedList<Activity> spans, LockedList<MetricSnapshot> metrics, CapturingLoggerProvider logs)
    {
        _app = app;
        _dataFolder = dataFolder;
        Spans = spans;
        Metrics = metrics;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _channel = GrpcChannel.ForAddress(address);
        Client = new ClaimStatusService.ClaimStatusServiceClient(_channel);
    }

    public ClaimStatusService.ClaimStatusServiceClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public LockedList<Activity> Spans { get; }
    public LockedList<MetricSnapshot> Metrics { get; }
    public CapturingLoggerProvider Logs { get; }

    public static async Task<TracedServer> StartAsync(IDictionary<string, string?>? extraSettings = null)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "claimstatus-telemetry-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataFolder"] = dataFolder,
            ["Watch:PollInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
            // The hosting layer logs each request; the correlation test reads those lines.
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;

        var spans = new LockedList<Activity>();
        var metrics = new LockedList<MetricSnapshot>();
        var logs = new CapturingLoggerProvider();
        var app = ServerApp.Create([], settings, builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        return new TracedServer(app, dataFolder, spans, metrics, logs);
    }

    /// <summary>The spans of one trace, once <paramref name="complete"/> holds for them (spans are
    /// exported as they end, which may be just after the client has its reply).</summary>
    public async Task<IReadOnlyList<Activity>> TraceAsync(string traceId, Func<IReadOnlyList<Activity>, bool> complete)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var trace = Spans.Snapshot().Where(s => s.TraceId.ToHexString() == traceId).ToList();
            if (complete(trace)) return trace;
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                Assert.Fail($"Trace {traceId} did not complete in 10 s; it has: {string.Join(", ", trace.Select(s => s.DisplayName))}");
            await Task.Delay(20);
        }
    }

    /// <summary>The call's span, made by the ASP.NET Core instrumentation.</summary>
    public static Activity ServerSpan(IReadOnlyList<Activity> trace) => Assert.Single(trace, s => s.Kind == ActivityKind.Server);

    public IReadOnlyList<MetricSnapshot> FlushMetrics()
    {
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        return Metrics.Snapshot();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}

/// <summary>The exporters add from the threads that end spans; tests read while that goes on.</summary>
public sealed class LockedList<T> : Collection<T>
{
    readonly object _gate = new();

    protected override void InsertItem(int index, T item)
    {
        lock (_gate) base.InsertItem(index, item);
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate) return [.. this];
    }
}
