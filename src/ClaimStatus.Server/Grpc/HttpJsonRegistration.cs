using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Models;

namespace ClaimStatus.Server.Grpc;

/// <summary>HTTP/JSON beside gRPC: every RPC with a google.api.http option in the proto is also a JSON route
/// (gRPC JSON transcoding), described by an OpenAPI document with the proto comments and browsable at /swagger.</summary>
public static class HttpJsonRegistration
{
    public const string OpenApiPath = "/swagger/v1/swagger.json";
    public const string ApiPagePath = "/swagger";

    public static WebApplicationBuilder AddClaimStatusHttpJson(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddGrpc().AddJsonTranscoding(json =>
        {
            // Errors are google.rpc.Status JSON; their details (BadRequest field violations, RetryInfo) need their types
            // registered to be written as JSON rather than dropped.
            json.TypeRegistry = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor);
        });
        // The forwarder takes the real service from the container.
        services.AddScoped<ClaimStatusGrpcService>();
        services.AddScoped<JsonTranscodedService>();
        // It looks for the generated base on every service class; ClaimStatusGrpcService has none by design, and saying
        // so at every start would be noise.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Grpc.JsonTranscoding.Internal.Binding.JsonTranscodingServiceMethodProvider", LogLevel.Error);
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ClaimStatus",
                Version = "v1",
                Description = "How well established a claim is, from the sources' assertions about it. The same API as gRPC "
                    + "claimstatus.v1.ClaimStatusService; errors are google.rpc.Status JSON with the same field violations.",
            });
            // The page's "Authorize" button: a bearer token for servers that require one (Auth:Jwt).
            var bearer = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token with the scopes the call needs (claims.read, claims.write, claims.adjudicate).",
                Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" },
            };
            swagger.AddSecurityDefinition("bearer", bearer);
            swagger.AddSecurityRequirement(new OpenApiSecurityRequirement { [bearer] = [] });
            // The contract's own messages by their names; others (google.rpc.Status beside claimstatus.v1.Status) in full.
            swagger.CustomSchemaIds(type => type.Namespace == typeof(Contracts.V1.Claim).Namespace
                ? type.Name : (type.FullName ?? type.Name).Replace('+', '.'));
            // The proto comments, which the generated contract carries as XML documentation.
            var comments = Path.Combine(AppContext.BaseDirectory, "ClaimStatus.Contracts.xml");
            if (File.Exists(comments))
            {
                swagger.IncludeXmlComments(comments);
                swagger.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
            }
        });
        return builder;
    }

    public static WebApplication MapClaimStatusHttpJson(this WebApplication app)
    {
        // The forwarder's own gRPC routes are the real service's paths again: a later order keeps gRPC calls on the real
        // service, which is mapped first, and leaves the forwarder only its JSON routes.
        app.MapGrpcService<JsonTranscodedService>().Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = 1);
        app.UseSwagger();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint(OpenApiPath, "ClaimStatus v1");
            ui.RoutePrefix = ApiPagePath.TrimStart('/');
            ui.DocumentTitle = "ClaimStatus API";
        });
        return app;
    }
}
