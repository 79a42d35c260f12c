using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>A stand-in identity provider: its own RSA key, the public half in a PEM file for the server's
/// Auth:Jwt:SigningKeyFiles, and tokens signed with the private half.</summary>
public sealed class TestIssuer : IDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "claimstatus";

    readonly RSA _key = RSA.Create(2048);

    public TestIssuer()
    {
        KeyFile = Path.Combine(Path.GetTempPath(), "claimstatus-jwt-" + Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(KeyFile, _key.ExportSubjectPublicKeyInfoPem());
    }

    public string KeyFile { get; }

    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["Auth:Jwt:SigningKeyFiles:0"] = KeyFile,
    };

    /// <summary>A token as the real provider would issue it, with each part overridable to make it wrong.</summary>
    public string Token(string subject, string scopes, string issuer = Issuer, string audience = Audience,
        TimeSpan? expiresIn = null, RSA? signWith = null, string scopeClaim = "scope")
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (scopeClaim == "scp") claims["scp"] = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        else claims[scopeClaim] = scopes;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-20),
            NotBefore = expires.AddMinutes(-20),
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _key), SecurityAlgorithms.RsaSha256),
        });
    }

    public static global::Grpc.Core.Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public void Dispose()
    {
        _key.Dispose();
        File.Delete(KeyFile);
    }
}
