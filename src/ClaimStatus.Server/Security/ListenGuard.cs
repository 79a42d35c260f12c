using System.Net;

namespace ClaimStatus.Server.Security;

/// <summary>A start-up the service declines: one line for the operator, no stack trace (see Program).</summary>
public sealed class StartupRefusedException(string message) : Exception(message);

/// <summary>The safe default: without authentication the service answers only on this machine.</summary>
public static class ListenGuard
{
    /// <summary>Every address the service is configured to listen on: <c>Urls</c> (also from --urls and
    /// ASPNETCORE_URLS) and each <c>Kestrel:Endpoints:*:Url</c>.</summary>
    public static IReadOnlyList<string> Urls(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls;
    }

    /// <summary>Kestrel binds every interface for a host that is neither an IP address nor "localhost"
    /// (0.0.0.0, [::], *, +, any name), so only loopback IPs, "localhost" and unix sockets count as local.</summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.Equals("unix", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    static string HostOf(string url)
    {
        var rest = url.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? url[(i + 3)..] : url;
        if (rest.StartsWith('[')) return rest[..(rest.IndexOf(']') + 1)];
        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }

    /// <exception cref="StartupRefusedException">The Auth section is inconsistent, or the service would
    /// listen beyond loopback with nobody authenticated.</exception>
    public static void ThrowIfUnsafe(AuthOptions auth, IConfiguration configuration)
    {
        var problems = AuthOptionsValidator.Problems(auth);
        if (problems.Count > 0)
            throw new StartupRefusedException("claimstatus: refusing to start: " + string.Join("; ", problems));
        if (auth.IsConfigured || auth.AllowAnonymous) return;
        var exposed = Urls(configuration).Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0)
            throw new StartupRefusedException($"claimstatus: refusing to listen on {string.Join(", ", exposed)} without authentication; "
                + "configure Auth:Jwt or Auth:Certificates, or set Auth:AllowAnonymous=true to let anyone who can reach it do anything");
    }
}
