using System.Security.Claims;
using Grpc.Core;

namespace ClaimStatus.Server.Security;

/// <summary>Who is calling, for features that record or limit by caller (audit, watch caps).</summary>
public static class Callers
{
    public const string Anonymous = "anonymous";

    /// <summary>The authenticated principal's name (the JWT's name claim, <c>sub</c> by default, or the
    /// certificate's configured identity), or <see cref="Anonymous"/> when the service runs without auth.</summary>
    public static string Name(ServerCallContext context) => Name(context.GetHttpContext().User);

    public static string Name(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : Anonymous;

    /// <summary>Scopes from the OAuth <c>scope</c> claim (space-separated) or <c>scp</c> (one claim per scope,
    /// or space-separated, depending on the issuer); certificate identities carry <c>scope</c> claims.</summary>
    public static IReadOnlySet<string> Scopes(ClaimsPrincipal user) =>
        user.Claims.Where(c => c.Type is "scope" or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
}
