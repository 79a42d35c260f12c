using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace ClaimStatus.Server.Security;

/// <summary>Who may call the service (section <c>Auth</c>). With neither JWT nor certificates configured the
/// service is anonymous and, unless <see cref="AllowAnonymous"/> says otherwise, loopback-only.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Accept unauthenticated callers (with every scope) on a non-loopback address.</summary>
    public bool AllowAnonymous { get; set; }

    public ReflectionAccess Reflection { get; set; } = ReflectionAccess.Open;

    public JwtAuthOptions Jwt { get; set; } = new();

    public CertificateAuthOptions Certificates { get; set; } = new();

    public bool IsConfigured => Jwt.IsConfigured || Certificates.IsConfigured;
}

public enum ReflectionAccess
{
    Open,
    Authenticated,
}

/// <summary>Bearer tokens (section <c>Auth:Jwt</c>). Keys come from the identity provider's metadata
/// (<see cref="Authority"/> or <see cref="MetadataAddress"/>), from a bare JWKS document (<see cref="JwksUrl"/>),
/// or from files holding PEM public keys, PEM certificates, a JWK or a JWKS (<see cref="SigningKeyFiles"/>).</summary>
public sealed class JwtAuthOptions
{
    public string? Issuer { get; set; }
    public string? Audience { get; set; }
    public string? Authority { get; set; }
    public string? MetadataAddress { get; set; }
    public string? JwksUrl { get; set; }
    public List<string> SigningKeyFiles { get; set; } = [];
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim that names the caller (audit, rate limits, the span's enduser.id).</summary>
    public string NameClaim { get; set; } = "sub";

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Issuer) || !string.IsNullOrWhiteSpace(Audience) || !string.IsNullOrWhiteSpace(Authority)
        || !string.IsNullOrWhiteSpace(MetadataAddress) || !string.IsNullOrWhiteSpace(JwksUrl) || SigningKeyFiles.Count > 0;

    public bool HasKeySource =>
        !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress)
        || !string.IsNullOrWhiteSpace(JwksUrl) || SigningKeyFiles.Count > 0;
}

/// <summary>Client certificates over mutual TLS (section <c>Auth:Certificates</c>). Only certificates that chain
/// to a trusted CA and match a configured identity are accepted.</summary>
public sealed class CertificateAuthOptions
{
    /// <summary>Identity name → who it is and what it may do.</summary>
    public Dictionary<string, CertificateIdentity> Identities { get; set; } = [];

    /// <summary>PEM files of the CAs that issue client certificates; empty trusts the machine's store.</summary>
    public List<string> TrustedCaFiles { get; set; } = [];

    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.Online;

    public ClientCertificateMode ClientCertificateMode { get; set; } = ClientCertificateMode.AllowCertificate;

    public bool IsConfigured => Identities.Count > 0;
}

public sealed class CertificateIdentity
{
    /// <summary>Subject common names or SAN values (DNS, URI, e-mail) that are this identity; default its name.
    /// A SAN URI has colons, which configuration keys cannot, hence a list beside the name.</summary>
    public List<string> Subjects { get; set; } = [];

    public List<string> Scopes { get; set; } = [];
}

/// <summary>Everything wrong with the section at once, each naming its key.</summary>
sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(AuthOptions options)
    {
        var problems = new List<string>();
        if (options.AllowAnonymous && options.IsConfigured)
            problems.Add("Auth:AllowAnonymous=true contradicts the configured Auth:Jwt or Auth:Certificates; remove one of them");

        var jwt = options.Jwt;
        if (jwt.IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(jwt.Issuer)) problems.Add("Auth:Jwt:Issuer is required");
            if (string.IsNullOrWhiteSpace(jwt.Audience)) problems.Add("Auth:Jwt:Audience is required");
            if (string.IsNullOrWhiteSpace(jwt.NameClaim)) problems.Add("Auth:Jwt:NameClaim must not be empty");
            if (!jwt.HasKeySource)
                problems.Add("Auth:Jwt needs signing keys: Authority, MetadataAddress, JwksUrl or SigningKeyFiles");
            foreach (var file in jwt.SigningKeyFiles)
            {
                try { SigningKeys.Load(file); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
                { problems.Add($"Auth:Jwt:SigningKeyFiles: {ex.Message}"); }
            }
        }

        foreach (var (identity, entry) in options.Certificates.Identities)
        {
            if (entry.Scopes.Count == 0) problems.Add($"Auth:Certificates:Identities:{identity}:Scopes is empty");
            foreach (var scope in entry.Scopes.Where(s => !MethodScopes.All.Contains(s)))
                problems.Add($"Auth:Certificates:Identities:{identity}:Scopes: '{scope}' is not one of {string.Join(", ", MethodScopes.All)}");
        }
        foreach (var file in options.Certificates.TrustedCaFiles.Where(f => !File.Exists(f)))
            problems.Add($"Auth:Certificates:TrustedCaFiles: '{file}' does not exist");
        return problems;
    }
}
