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
        [nameof(Base.GetClaimReview)] = Read,
    }.ToFrozenDictionary();

    /// <summary>The empty call of benchmarks/ClaimStatus.BenchHost, the baseline every service figure is a ratio to.
    /// Only that host maps it (the product answers it UNIMPLEMENTED); it is declared a read here so that it passes
    /// this interceptor exactly as GetStatus does: authentication, the read scope and the read budget.</summary>
    public const string BenchEmpty = "/claimstatus.bench.v1.Bench/Empty";

    static readonly string ServicePrefix = "/" + Contracts.V1.ClaimStatusService.Descriptor.FullName + "/";

    /// <summary>What a call to <paramref name="fullMethod"/> ("/package.Service/Method") requires.</summary>
    public static MethodAccess For(string fullMethod, ReflectionAccess reflection)
    {
        if (fullMethod.StartsWith("/grpc.health.", StringComparison.Ordinal)) return MethodAccess.Open;
        if (fullMethod.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
            return reflection == ReflectionAccess.Open ? MethodAccess.Open : MethodAccess.AnyIdentity;
        if (fullMethod == BenchEmpty) return new MethodAccess(MethodAccessKind.Scoped, Read);
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
