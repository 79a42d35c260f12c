using System.Globalization;
using System.Text.RegularExpressions;

namespace ClaimStatus.Cli.Scenario;

/// <summary>RFC 3339 date-times only: DateTimeOffset.TryParse alone would also accept "10/18/2024" and friends.</summary>
public static partial class Rfc3339
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null
            && Shape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }

    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"\"{text}\" is not an RFC 3339 date-time");

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
