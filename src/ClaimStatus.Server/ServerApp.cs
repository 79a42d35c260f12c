using ClaimStatus.Server.Grpc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ClaimStatus.Server;

/// <summary>Builds the service's web application, so Program, tests and the CLI's evaluate host the same thing.</summary>
public static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="settings">Configuration that overrides appsettings and the environment
    /// (e.g. "Storage:DataFolder", "Urls").</param>
    public static WebApplication Create(string[] args, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (string.IsNullOrEmpty(builder.Configuration["Urls"])) builder.WebHost.UseUrls(DefaultUrl);
        // Plaintext HTTP/2 (h2c) needs an HTTP/2-only endpoint: there is no TLS negotiation to pick the protocol.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));

        builder.AddClaimStatus();

        var app = builder.Build();
        app.MapGrpcService<ClaimStatusGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
