using System.Reflection;
using ClaimStatus.Contracts.V1;
using Google.Protobuf.Reflection;

namespace ClaimStatus.Cli.Scenario;

/// <summary>
/// The file's enum words ("SUPPORTS") and the contract's enums (STANCE_SUPPORTS), one table per enum,
/// read from the generated code so a value added to the .proto is accepted without touching the CLI.
/// </summary>
public sealed class EnumNames<T> where T : struct, Enum
{
    private readonly Dictionary<string, T> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<T, string> byValue = [];

    public EnumNames(string protoPrefix)
    {
        foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var original = field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name;
            var word = original.StartsWith(protoPrefix, StringComparison.Ordinal) ? original[protoPrefix.Length..] : original;
            if (word == "UNSPECIFIED") continue;
            var value = (T)field.GetValue(null)!;
            byName[word] = value;
            byValue[value] = word;
        }
        Allowed = string.Join(", ", byName.Keys);
    }

    /// <summary>The accepted words in declaration order, for error messages.</summary>
    public string Allowed { get; }

    public bool TryParse(string word, out T value) => byName.TryGetValue(word, out value);

    public T Parse(string word) => byName[word];

    /// <summary>The file's word for a value; "UNSPECIFIED" for the zero value.</summary>
    public string Name(T value) => byValue.TryGetValue(value, out var word) ? word : "UNSPECIFIED";
}

public static class ScenarioNames
{
    public const string Format = "claimstatus-scenario/1";

    public static readonly EnumNames<SourceKind> Kind = new("SOURCE_KIND_");
    public static readonly EnumNames<Reliability> Reliability = new("RELIABILITY_");
    public static readonly EnumNames<Stance> Stance = new("STANCE_");
    public static readonly EnumNames<Hedge> Hedge = new("HEDGE_");
    public static readonly EnumNames<EvidenceKind> Evidence = new("EVIDENCE_KIND_");
    public static readonly EnumNames<Truth> Truth = new("TRUTH_");
    public static readonly EnumNames<Status> Status = new("STATUS_");
}
