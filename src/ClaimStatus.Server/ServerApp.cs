using ClaimStatus.Server.Grpc;
using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ClaimStatus.Server;

/// <summary>Builds the service's web application, so Program, tests and the CLI's evaluate host the same thing.</summary>
public static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const int DefaultMaxStreamsPerConnection = 1000;

    /// <param name="settings">Configuration that overrides appsettings and the environment
    /// (e.g. "Storage:DataFolder", "Urls").</param>
    /// <param name="configure">Last changes before the app is built (tests add telemetry exporters here).</param>
    public static WebApplication Create(string[] args, IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json is read from beside the binary whatever the working directory (the framework would look in
        // the working directory); relative paths in settings (Storage:DataFolder) still resolve against the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (string.IsNullOrEmpty(builder.Configuration["Urls"])) builder.WebHost.UseUrls(DefaultUrl);
        var tlsOnly = TlsOnly(builder.Configuration["Urls"] ?? DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Plaintext HTTP/2 (h2c) needs an HTTP/2-only endpoint: there is no TLS negotiation to pick the protocol.
            // Over TLS, ALPN offers h2 and http/1.1 on the one port: gRPC on h2, gRPC-Web on either. (Endpoints under
            // Kestrel:Endpoints may set their own Protocols.)
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = tlsOnly ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2);
            // Each open watch holds a stream; at Kestrel's 100 the next call on a channel holding 100 watches waits
            // for one to end. Pings find connections a NAT or load balancer dropped without a word.
            var http2 = kestrel.Limits.Http2;
            http2.MaxStreamsPerConnection = DefaultMaxStreamsPerConnection;
            http2.KeepAlivePingDelay = TimeSpan.FromSeconds(60);
            http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            // Kestrel:Limits (appsettings.json, environment, command line) wins over these defaults.
            builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
        });

        builder.AddClaimStatus();
        configure?.Invoke(builder);

        var app = builder.Build();
        // gRPC-Web (browsers, HTTP/1.1 proxies) for every service: the same calls, framed for fetch.
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<ClaimStatusGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>True when every address in Urls is https://, so one HTTP/2-only default need not be kept for h2c.</summary>
    static bool TlsOnly(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
