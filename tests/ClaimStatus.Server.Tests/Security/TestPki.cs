using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>A throwaway certificate authority for mutual TLS on loopback.</summary>
public sealed class TestPki : IDisposable
{
    public TestPki(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public X509Certificate2 Authority { get; }

    public string WriteAuthorityPem(string folder)
    {
        var path = Path.Combine(folder, "ca.pem");
        File.WriteAllText(path, Authority.ExportCertificatePem());
        return path;
    }

    /// <summary>Settings for the server on an HTTPS loopback port with a certificate of this authority, written as a
    /// PFX into <paramref name="folder"/>.</summary>
    public Dictionary<string, string?> HttpsSettings(string folder)
    {
        using var serverCertificate = IssueServer();
        var pfx = Path.Combine(folder, "server.pfx");
        File.WriteAllBytes(pfx, serverCertificate.Export(X509ContentType.Pfx, "test"));
        return new()
        {
            ["Urls"] = "https://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = pfx,
            ["Kestrel:Certificates:Default:Password"] = "test",
        };
    }

    public X509Certificate2 IssueServer() => Issue("localhost", "1.3.6.1.5.5.7.3.1", san =>
    {
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
    });

    public X509Certificate2 IssueClient(string commonName, params string[] dnsNames) =>
        Issue(commonName, "1.3.6.1.5.5.7.3.2", san => { foreach (var dns in dnsNames) san.AddDnsName(dns); });

    X509Certificate2 Issue(string commonName, string usage, Action<SubjectAlternativeNameBuilder> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        request.CertificateExtensions.Add(san.Build());
        using var signed = request.Create(Authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);
        // Through PKCS#12 and back, so TLS gets a certificate whose key it can use like a loaded one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx, ""), "");
    }

    /// <summary>A client handler that trusts only this authority for the server and presents <paramref name="client"/>.</summary>
    public SocketsHttpHandler Handler(X509Certificate2? client) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && Trusts(certificate),
            LocalCertificateSelectionCallback = client is null ? null : (_, _, _, _, _) => client,
        },
    };

    bool Trusts(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    public void Dispose() => Authority.Dispose();
}
