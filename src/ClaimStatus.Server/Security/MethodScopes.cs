using System.Collections.Frozen;
using Base = ClaimStatus.Contracts.V1.ClaimStatusService.ClaimStatusServiceBase;

namespace ClaimStatus.Server.Security;

/// <summary>The one place that says which scope each RPC needs. A method missing here is refused to every
/// caller (and a test fails), so a new RPC cannot ship unscoped.</summary>
public static class MethodScopes
{
    public const string Read = "claims.read";
    public const string Write = "claims.write";
    public const string Adjudicate = "claims.adjudicate";

    public static readonly IReadOnlyList<string> All = [Read, Write, Adjudicate];

    public static readonly FrozenDictionary<string, string> ByMethod = new Dictionary<string, string>
    {
        [nameof(Base.UpsertSource)] = Write,
        [nameof(Base.GetSource)] = Read,
        [nameof(Base.ListSources)] = Read,
        [nameof(Base.CreateClaim)] = Write,
        [nameof(Base.BatchCreateClaims)] = Write,
        [nameof(Base.GetClaim)] = Read,
        [nameof(Base.ListClaims)] = Read,
        [nameof(Base.RecordAssertion)] = Write,
        [nameof(Base.RecordAssertions)] = Write,
        [nameof(Base.ListAssertions)] = Read,
        // An adjudication rewrites what every source's word is worth: its own scope.
        [nameof(Base.RecordAdjudication)] = Adjudicate,
        [nameof(Base.ListAdjudications)] = Read,
        [nameof(Base.GetStatus)] = Read,
        [nameof(Base.BatchGetStatus)] = Read,
        [nameof(Base.ListStatusTransitions)] = Read,
        [nameof(Base.WatchStatus)] = Read,
    }.ToFrozenDictionary();

    static readonly string ServicePrefix = "/" + Contracts.V1.ClaimStatusService.Descriptor.FullName + "/";

    /// <summary>What a call to <paramref name="fullMethod"/> ("/package.Service/Method") requires.</summary>
    public static MethodAccess For(string fullMethod, ReflectionAccess reflection)
    {
        if (fullMethod.StartsWith("/grpc.health.", StringComparison.Ordinal)) return MethodAccess.Open;
        if (fullMethod.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
            return reflection == ReflectionAccess.Open ? MethodAccess.Open : MethodAccess.AnyIdentity;
        if (fullMethod.StartsWith(ServicePrefix, StringComparison.Ordinal)
            && ByMethod.TryGetValue(fullMethod[ServicePrefix.Length..], out var scope))
            return new MethodAccess(MethodAccessKind.Scoped, scope);
        return MethodAccess.Undeclared;
    }
}

public enum MethodAccessKind { Open, AnyIdentity, Scoped, Undeclared }

/// <param name="Scope">For <see cref="MethodAccessKind.Scoped"/>, the scope the caller must hold.</param>
public readonly record struct MethodAccess(MethodAccessKind Kind, string? Scope = null)
{
    public static readonly MethodAccess Open = new(MethodAccessKind.Open);
    public static readonly MethodAccess AnyIdentity = new(MethodAccessKind.AnyIdentity);
    public static readonly MethodAccess Undeclared = new(MethodAccessKind.Undeclared);

    /// <summary>Adjudications spend the write budget: they are writes, and the costliest.</summary>
    public bool IsRead => Scope == MethodScopes.Read;
}
