namespace ClaimStatus.Server.Storage;

/// <summary>A write names a record that does not exist (a claim, a source, a relay outlet).</summary>
/// <param name="Field">The request field that named it, e.g. "assertions[3].source_id".</param>
public sealed class MissingReferenceException(string field, string id)
    : Exception($"{field}: '{id}' does not exist")
{
    public string Field { get; } = field;
    public string Id { get; } = id;
}

/// <summary>A write reuses an id or idempotency key with different content, or breaks a rule
/// that depends on what is stored (a second, different adjudication of one claim).</summary>
public sealed class StoreConflictException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
