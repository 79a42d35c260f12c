using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Security;

public static class SecurityRegistration
{
    /// <summary>Authentication, per-method scopes and per-caller rate limits, all enforced by
    /// <see cref="CallerInterceptor"/>. Call after AddGrpc so that interceptor runs inside the ServerInterceptor.</summary>
    /// <exception cref="StartupRefusedException">See <see cref="ListenGuard.ThrowIfUnsafe"/>.</exception>
    public static WebApplicationBuilder AddClaimStatusSecurity(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        ListenGuard.ThrowIfUnsafe(auth, builder.Configuration);

        var services = builder.Services;
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.Reads.IsValid && o.Writes.IsValid,
                "RateLimits:Reads and RateLimits:Writes need TokensPerPeriod, Period and Burst above zero")
            .ValidateOnStart();
        services.AddSingleton<CallerRateLimits>();
        services.AddSingleton<CallerInterceptor>();
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<CallerInterceptor>());
        services.AddHostedService<SecurityNotice>();

        // Only the configured schemes exist, so nothing can authenticate through an unconfigured one.
        var authentication = services.AddAuthentication();
        if (auth.Jwt.IsConfigured)
        {
            authentication.AddJwtBearer(AuthSchemes.Jwt, _ => { });
            services.AddOptions<JwtBearerOptions>(AuthSchemes.Jwt)
                .Configure<IOptions<AuthOptions>>((bearer, options) => AuthSchemes.Configure(bearer, options.Value.Jwt));
        }
        if (auth.Certificates.IsConfigured)
        {
            authentication.AddCertificate(AuthSchemes.Certificate, _ => { });
            services.AddOptions<CertificateAuthenticationOptions>(AuthSchemes.Certificate)
                .Configure<IOptions<AuthOptions>>((certificate, options) => AuthSchemes.Configure(certificate, options.Value.Certificates));
            // TLS asks for the certificate and accepts any; the certificate handler judges it against the
            // configured CAs, so a bad certificate is a gRPC UNAUTHENTICATED instead of a failed handshake.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = auth.Certificates.ClientCertificateMode;
                https.AllowAnyClientCertificate();
            }));
        }
        return builder;
    }
}

/// <summary>Says at every start how callers are authenticated, and warns when they are not.</summary>
sealed partial class SecurityNotice(IOptions<AuthOptions> options, IConfiguration configuration, ILogger<SecurityNotice> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value;
        var urls = string.Join(", ", ListenGuard.Urls(configuration));
        if (auth.IsConfigured) LogAuthenticated(string.Join(", ", AuthSchemes.Configured(auth)), auth.Reflection);
        else if (auth.AllowAnonymous) LogAnonymousAllowed(urls);
        else LogUnauthenticated(urls);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unauthenticated: ClaimStatus listens on loopback only ({Urls}) and every local caller may read, write and adjudicate; configure Auth:Jwt or Auth:Certificates before exposing it")]
    partial void LogUnauthenticated(string urls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unauthenticated: Auth:AllowAnonymous=true, so anyone who can reach {Urls} may read, write and adjudicate")]
    partial void LogAnonymousAllowed(string urls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callers authenticate with {Schemes}; reflection is {Reflection}")]
    partial void LogAuthenticated(string schemes, ReflectionAccess reflection);
}
