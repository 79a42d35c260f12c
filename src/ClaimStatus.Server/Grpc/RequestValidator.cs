using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.Server.Grpc;

/// <summary>Collects every field violation of a request, so the caller learns all of them at once.</summary>
public sealed class RequestValidator
{
    public const int MaxIdLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxListItems = 50;
    public const int MaxPageSize = 1000;
    public const int DefaultPageSize = 100;

    /// <summary>Clock skew tolerated for times that must not lie in the future.</summary>
    static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    readonly List<(string Field, string Problem)> _violations = [];

    public void Fail(string field, string problem) => _violations.Add((field, problem));

    public void Id(string field, string value, bool required = true)
    {
        if (value.Length == 0)
        {
            if (required) Fail(field, "is required");
            return;
        }
        if (value.Length > MaxIdLength) Fail(field, $"must be at most {MaxIdLength} characters");
        else if (value.Any(char.IsControl) || value.Trim().Length != value.Length)
            Fail(field, "must not contain control characters or surrounding spaces");
    }

    public void Text(string field, string value, bool required, int maxLength = MaxTextLength)
    {
        if (value.Length == 0 && required) Fail(field, "is required");
        else if (value.Length > maxLength) Fail(field, $"must be at most {maxLength} characters");
    }

    public void IdList(string field, IReadOnlyList<string> values)
    {
        if (values.Count > MaxListItems) Fail(field, $"must have at most {MaxListItems} items");
        for (var i = 0; i < values.Count; i++) Id($"{field}[{i}]", values[i]);
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count) Fail(field, "must not repeat an item");
    }

    /// <summary>Requires a defined, non-UNSPECIFIED enum value (or allows UNSPECIFIED when optional).</summary>
    public void Enum<T>(string field, T value, bool required = true) where T : struct, System.Enum
    {
        var isUnspecified = Convert.ToInt32(value) == 0;
        if (!System.Enum.IsDefined(value)) Fail(field, $"{Convert.ToInt32(value)} is not a known value");
        else if (required && isUnspecified) Fail(field, "is required");
    }

    public void Time(string field, Timestamp? value, DateTimeOffset now, bool required, bool notInFuture)
    {
        if (value is null)
        {
            if (required) Fail(field, "is required");
            return;
        }
        // Timestamp's own range: years 1-9999 and nanos in [0, 1e9).
        if (value.Seconds < -62135596800 || value.Seconds > 253402300799 || value.Nanos is < 0 or >= 1_000_000_000)
        {
            Fail(field, "is not a valid timestamp");
            return;
        }
        if (notInFuture && value.ToDateTimeOffset() > now + FutureTolerance) Fail(field, "must not be in the future");
    }

    /// <summary>An optional count: 0 means the default; otherwise 1 to max.</summary>
    public int Count(string field, int value, int defaultValue, int max)
    {
        if (value < 0 || value > max) Fail(field, $"must be between 0 and {max}");
        return value == 0 ? defaultValue : Math.Clamp(value, 1, max);
    }

    public int PageSize(string field, int value)
    {
        if (value < 0 || value > MaxPageSize) Fail(field, $"must be between 0 and {MaxPageSize}");
        return value == 0 ? DefaultPageSize : Math.Clamp(value, 1, MaxPageSize);
    }

    public T? PageToken<T>(string field, string token, Func<string, T?> decode) where T : struct
    {
        if (token.Length == 0) return null;
        var decoded = decode(token);
        if (decoded is null) Fail(field, "is not a token this service issued");
        return decoded;
    }

    public string? PageToken(string field, string token, Func<string, string?> decode)
    {
        if (token.Length == 0) return null;
        var decoded = decode(token);
        if (decoded is null) Fail(field, "is not a token this service issued");
        return decoded;
    }

    /// <summary>Throws INVALID_ARGUMENT with every violation found so far.</summary>
    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0) throw RequestErrors.InvalidArgument(_violations);
    }
}
