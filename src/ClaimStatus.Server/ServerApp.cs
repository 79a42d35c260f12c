using ClaimStatus.Server.Grpc;
using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ClaimStatus.Server;

/// <summary>Builds the service's web application, so Program, tests and the CLI's evaluate host the same thing.</summary>
public static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string DefaultJsonUrl = "http://127.0.0.1:5081";
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
        var configuredUrls = builder.Configuration["Urls"];
        var urls = string.IsNullOrEmpty(configuredUrls) ? DefaultUrl : configuredUrls;
        // HTTP/1.1 for JSON and gRPC-Web without TLS needs a port of its own (cleartext HTTP/2 is HTTP/2 only). The
        // development default has one beside h2c; a configured Urls brings only the JsonUrls it is given.
        var jsonUrls = builder.Configuration["JsonUrls"] ?? (string.IsNullOrEmpty(configuredUrls) ? DefaultJsonUrl : "");
        var jsonPorts = JsonPorts(jsonUrls, urls);
        builder.WebHost.UseUrls([.. Split(urls), .. Split(jsonUrls)]);
        var tlsOnly = TlsOnly(urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Plaintext HTTP/2 (h2c) needs an HTTP/2-only endpoint: there is no TLS negotiation to pick the protocol.
            // Over TLS, ALPN offers h2 and http/1.1 on the one port: gRPC on h2; gRPC-Web and JSON on either. A JsonUrls
            // port speaks HTTP/1.1. (Endpoints under Kestrel:Endpoints replace Urls and JsonUrls and set their own Protocols.)
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols =
                endpoint.IPEndPoint is { } ip && jsonPorts.Contains(ip.Port) ? HttpProtocols.Http1
                : tlsOnly ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2);
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
        app.MapClaimStatusHttpJson();
        return app;
    }

    static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The ports that speak HTTP/1.1. Kestrel tells endpoints apart only by address and port, so each JsonUrls
    /// port must be fixed and differ from every Urls port.</summary>
    /// <exception cref="StartupRefusedException">A JsonUrls address is malformed, uses port 0 or a Urls port.</exception>
    static HashSet<int> JsonPorts(string jsonUrls, string urls)
    {
        var taken = Split(urls).Select(url => TryPort(url) ?? -1).ToHashSet();
        var ports = new HashSet<int>();
        foreach (var url in Split(jsonUrls))
        {
            var port = TryPort(url) ?? throw new Security.StartupRefusedException($"claimstatus: JsonUrls: '{url}' is not an address such as http://127.0.0.1:5081");
            if (port == 0 || taken.Contains(port))
                throw new Security.StartupRefusedException($"claimstatus: JsonUrls: '{url}' needs a fixed port of its own, not 0 and not one of Urls ({urls})");
            ports.Add(port);
        }
        return ports;
    }

    static int? TryPort(string url)
    {
        try
        {
            return BindingAddress.Parse(url) is { IsUnixPipe: false } address ? address.Port : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when every address in Urls is https://, so one HTTP/2-only default need not be kept for h2c.</summary>
    static bool TlsOnly(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
