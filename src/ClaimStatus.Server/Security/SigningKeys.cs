using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ClaimStatus.Server.Security;

/// <summary>Token signing keys from files: what an internal identity provider hands out (a PEM public key or
/// certificate, a JWK, a JWKS), and what tests mint for themselves.</summary>
public static class SigningKeys
{
    /// <exception cref="InvalidDataException">The file holds nothing usable as a signing key.</exception>
    public static IReadOnlyList<SecurityKey> Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"'{path}' does not exist");
        var text = File.ReadAllText(path);
        try
        {
            if (text.TrimStart().StartsWith('{'))
                return text.Contains("\"keys\"", StringComparison.Ordinal)
                    ? [.. new JsonWebKeySet(text).GetSigningKeys()]
                    : [new JsonWebKey(text)];
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                return [new X509SecurityKey(X509Certificate2.CreateFromPem(text))];
            return [FromPem(text)];
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"'{path}' holds no RSA or EC public key, certificate, JWK or JWKS ({ex.Message})", ex);
        }
    }

    // A "PUBLIC KEY" block does not say which algorithm it is for; the importer that accepts it does.
    static SecurityKey FromPem(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
        }
        var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        return new ECDsaSecurityKey(ec);
    }
}

/// <summary>Reads a bare JWKS document as the key part of an OpenID configuration, so the bearer handler
/// caches it and fetches it again when a token names a key it has not seen (key rotation).</summary>
sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
        var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
        foreach (var key in keys.GetSigningKeys()) configuration.SigningKeys.Add(key);
        return configuration;
    }
}
