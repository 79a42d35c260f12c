using System.Diagnostics;
using System.Security.Claims;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ClaimStatus.Server.Grpc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using GrpcStatus = Grpc.Core.Status;

namespace ClaimStatus.Server.Security;

/// <summary>The trust boundary of every call, before any handler runs: who is calling (UNAUTHENTICATED when
/// that cannot be told), whether they may call this method (PERMISSION_DENIED naming the scope, from
/// <see cref="MethodScopes"/>), and whether their budget allows it (RESOURCE_EXHAUSTED with RetryInfo).</summary>
public sealed class CallerInterceptor(IOptions<AuthOptions> options, IOptions<RateLimitOptions> limitOptions, CallerRateLimits limits)
    : Interceptor
{
    readonly AuthOptions _auth = options.Value;
    readonly RateLimitOptions _limitOptions = limitOptions.Value;
    readonly IReadOnlyList<string> _schemes = AuthSchemes.Configured(options.Value);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var slot = await AdmitAsync(context, takesSlot: true);
        try
        {
            return await continuation(request, context);
        }
        finally
        {
            if (slot) limits.ExitCall();
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var slot = await AdmitAsync(context, takesSlot: true);
        try
        {
            return await continuation(requestStream, context);
        }
        finally
        {
            if (slot) limits.ExitCall();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context, takesSlot: false);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context, takesSlot: false);
        await continuation(requestStream, responseStream, context);
    }

    /// <param name="takesSlot">A unary or client-streaming call, counted against RateLimits:MaxConcurrentCalls.</param>
    /// <returns>True when the call holds a slot, to be given back when it ends.</returns>
    async Task<bool> AdmitAsync(ServerCallContext context, bool takesSlot)
    {
        var access = MethodScopes.For(context.Method, _auth.Reflection);
        if (access.Kind == MethodAccessKind.Open) return false;

        var http = context.GetHttpContext();
        if (_auth.IsConfigured) http.User = await AuthenticateAsync(http);
        var caller = Callers.Name(http.User);
        Activity.Current?.SetTag("enduser.id", caller);

        if (access.Kind == MethodAccessKind.Undeclared)
            throw new RpcException(new GrpcStatus(StatusCode.PermissionDenied, $"{context.Method} declares no scope and is refused"));
        if (access.Kind != MethodAccessKind.Scoped) return false;

        // Anonymous mode (no auth configured): every caller holds every scope.
        if (_auth.IsConfigured && !Callers.Scopes(http.User).Contains(access.Scope!))
            throw RequestErrors.Rich(Code.PermissionDenied, $"{MethodName(context.Method)} needs scope '{access.Scope}', which '{caller}' does not have",
                new ErrorInfo { Reason = "MISSING_SCOPE", Domain = "claimstatus", Metadata = { ["scope"] = access.Scope } });

        if (limits.TryAcquire(caller, access.IsRead) is { } retryAfter)
            throw RequestErrors.Rich(Code.ResourceExhausted,
                $"'{caller}' has used up its {limits.Describe(access.IsRead)}; retry in {retryAfter.TotalSeconds:0.###} s",
                new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) });

        if (!takesSlot) return false;
        if (!limits.TryEnterCall())
            throw RequestErrors.Rich(Code.ResourceExhausted,
                $"the server is at its limit of {_limitOptions.MaxConcurrentCalls} calls in progress (RateLimits:MaxConcurrentCalls); "
                + $"retry in {RateLimitOptions.BusyRetryDelay.TotalSeconds:0.###} s",
                new RetryInfo { RetryDelay = Duration.FromTimeSpan(RateLimitOptions.BusyRetryDelay) });
        return true;
    }

    async Task<ClaimsPrincipal> AuthenticateAsync(HttpContext http)
    {
        // The first credential presented decides: a bad token is not rescued by a good certificate.
        foreach (var scheme in _schemes)
        {
            var result = await http.AuthenticateAsync(scheme);
            if (result.Failure is { } ex) throw Unauthenticated(Describe(scheme, ex));
            if (!result.Succeeded) continue;
            // Audit and rate limits need a name; a token without one is not an identity.
            if (Callers.Name(result.Principal) == Callers.Anonymous)
                throw Unauthenticated($"the bearer token has no '{_auth.Jwt.NameClaim}' claim naming the caller");
            return result.Principal;
        }
        throw Unauthenticated(MissingCredential());
    }

    static RpcException Unauthenticated(string message) => new(new GrpcStatus(StatusCode.Unauthenticated, message));

    string MissingCredential()
    {
        var ways = new List<string>();
        if (_auth.Jwt.IsConfigured) ways.Add("an 'authorization: Bearer <token>' header");
        if (_auth.Certificates.IsConfigured) ways.Add("a client certificate over TLS");
        return $"no credential: this service requires {string.Join(" or ", ways)}";
    }

    // What was wrong, without echoing the token: enough for the caller to fix it.
    string Describe(string scheme, Exception ex) => ex switch
    {
        _ when scheme == AuthSchemes.Certificate => $"the client certificate was rejected: {ex.Message}",
        SecurityTokenExpiredException expired => $"the bearer token expired at {expired.Expires:u}",
        SecurityTokenNotYetValidException => "the bearer token is not valid yet (nbf is in the future)",
        SecurityTokenNoExpirationException => "the bearer token has no expiry (exp)",
        SecurityTokenInvalidAudienceException => $"the bearer token is not for this service: its audience must be '{_auth.Jwt.Audience}'",
        SecurityTokenInvalidIssuerException => $"the bearer token's issuer is not trusted: it must be '{_auth.Jwt.Issuer}'",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            "the bearer token's signature does not verify against any trusted signing key",
        SecurityTokenMalformedException or ArgumentException => "the bearer token is malformed: it is not a signed JWT",
        _ => $"the bearer token was rejected ({ex.GetType().Name})",
    };

    static string MethodName(string fullMethod) => fullMethod[(fullMethod.LastIndexOf('/') + 1)..];
}
