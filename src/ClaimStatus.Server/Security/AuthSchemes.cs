using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ClaimStatus.Server.Security;

/// <summary>How the two ASP.NET Core authentication handlers are set up from <see cref="AuthOptions"/>.
/// They only authenticate; the <see cref="CallerInterceptor"/> asks them and answers in gRPC terms.</summary>
static class AuthSchemes
{
    public const string Jwt = JwtBearerDefaults.AuthenticationScheme;
    public const string Certificate = CertificateAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The schemes a caller may authenticate with, bearer first.</summary>
    public static IReadOnlyList<string> Configured(AuthOptions options)
    {
        var schemes = new List<string>();
        if (options.Jwt.IsConfigured) schemes.Add(Jwt);
        if (options.Certificates.IsConfigured) schemes.Add(Certificate);
        return schemes;
    }

    public static void Configure(JwtBearerOptions bearer, JwtAuthOptions jwt)
    {
        // Claims keep their JWT names (sub, scope, scp) instead of being renamed to WS-* URIs.
        bearer.MapInboundClaims = false;
        bearer.Authority = NullIfEmpty(jwt.Authority);
        bearer.MetadataAddress = jwt.MetadataAddress ?? "";
        bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            NameClaimType = jwt.NameClaim,
            ClockSkew = jwt.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            IssuerSigningKeys = jwt.SigningKeyFiles.SelectMany(SigningKeys.Load).ToList(),
        };
        if (!string.IsNullOrWhiteSpace(jwt.JwksUrl))
            bearer.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(jwt.JwksUrl, new JwksRetriever(),
                new HttpDocumentRetriever { RequireHttps = jwt.RequireHttpsMetadata });
    }

    public static void Configure(CertificateAuthenticationOptions certificate, CertificateAuthOptions options)
    {
        certificate.AllowedCertificateTypes = CertificateTypes.Chained;
        certificate.RevocationMode = options.RevocationMode;
        certificate.ValidateCertificateUse = true;
        if (options.TrustedCaFiles.Count > 0)
        {
            certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            foreach (var file in options.TrustedCaFiles)
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(file);
                certificate.CustomTrustStore.AddRange(authorities);
            }
        }
        certificate.Events = new CertificateAuthenticationEvents
        {
            OnCertificateValidated = context =>
            {
                if (Identify(context.ClientCertificate, options) is var (name, scopes))
                {
                    Claim[] claims = [new("sub", name, ClaimValueTypes.String, context.Options.ClaimsIssuer),
                        .. scopes.Select(s => new Claim("scope", s))];
                    context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, context.Scheme.Name, "sub", null));
                    context.Success();
                }
                else
                {
                    context.Fail($"no configured identity matches the client certificate '{context.ClientCertificate.Subject}'"
                        + " (add its CN or SAN under Auth:Certificates:Identities)");
                }
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The configured identity whose subjects include the certificate's CN or one of its SANs.</summary>
    static (string Name, List<string> Scopes)? Identify(X509Certificate2 certificate, CertificateAuthOptions options)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            certificate.GetNameInfo(X509NameType.UrlName, forIssuer: false),
            certificate.GetNameInfo(X509NameType.EmailName, forIssuer: false),
        };
        foreach (var san in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
            names.UnionWith(san.EnumerateDnsNames());
        names.Remove("");

        foreach (var (name, identity) in options.Identities)
        {
            var subjects = identity.Subjects.Count > 0 ? identity.Subjects : [name];
            if (subjects.Any(names.Contains)) return (name, identity.Scopes);
        }
        return null;
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
