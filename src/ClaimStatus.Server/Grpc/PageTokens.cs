using System.Buffers.Text;
using System.Text;

namespace ClaimStatus.Server.Grpc;

/// <summary>Opaque keyset page tokens: the last key of the page, tagged with what it pages over so a
/// token of one list is refused by another.</summary>
public static class PageTokens
{
    public static string Encode(string list, string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{list}:{lastKey}"));

    public static string Encode(string list, long lastKey) => Encode(list, lastKey.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string? DecodeString(string list, string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(list + ":", StringComparison.Ordinal) ? text[(list.Length + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static long? DecodeLong(string list, string token) =>
        long.TryParse(DecodeString(list, token), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var key)
            ? key : null;

    /// <summary>Lists fetch one row more than the page holds; that extra row says another page follows,
    /// and the token resumes after the page's last key.</summary>
    public static string Next<T>(IReadOnlyList<T> fetched, int size, string list, Func<T, string> key) =>
        fetched.Count > size ? Encode(list, key(fetched[size - 1])) : "";

    public static string Next<T>(IReadOnlyList<T> fetched, int size, string list, Func<T, long> key) =>
        fetched.Count > size ? Encode(list, key(fetched[size - 1])) : "";

    /// <summary>Where the next page of a status's contributions starts: the as_of the first page was computed for
    /// (UTC ticks, so every page describes the same status) and the offset of its first contribution.</summary>
    public static string EncodeContributions(string claimId, DateTimeOffset asOf, int offset) =>
        Encode("contributions:" + claimId, $"{asOf.UtcTicks}.{offset}");

    public static (DateTimeOffset AsOf, int Offset)? DecodeContributions(string claimId, string token) =>
        DecodeString("contributions:" + claimId, token)?.Split('.') is [var ticks, var offset]
        && long.TryParse(ticks, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t)
        && t <= DateTimeOffset.MaxValue.UtcTicks
        && int.TryParse(offset, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var o)
            ? (new DateTimeOffset(t, TimeSpan.Zero), o)
            : null;
}
