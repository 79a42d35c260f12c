using CsCheck;
using Google.Protobuf.WellKnownTypes;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>Generators of field values: valid ones, ones that break a documented limit for certain, and chaos
/// (anything at all: huge, control characters, lone UTF-16 surrogates, out-of-range numbers).</summary>
public static class HostileValues
{
    const long MinSeconds = -62135596800;   // 0001-01-01T00:00:00Z, Timestamp's lower bound
    const long MaxSeconds = 253402300799;   // 9999-12-31T23:59:59Z, its upper bound

    public static readonly Gen<string> ValidId = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_.:/"], 1, 40];
    public static readonly Gen<string> ValidText = Gen.String[Gen.Char[' ', '\uD7FF'], 1, 200].Where(t => t.Length > 0);

    static readonly Gen<char> ControlChar = Gen.OneOf(Gen.Char['\0', '\u001f'], Gen.Char['\u007f', '\u009f']);
    static readonly Gen<string> Spaces = Gen.OneOf(" ", "\t", "\u00a0", "\u2003", "\u3000", "\n");

    /// <summary>Lengths past a limit, now and then far past it (a request stays under the 16 MiB message limit).</summary>
    public static Gen<int> TooLong(int max) => Gen.Frequency((9, Gen.Int[max + 1, max + 5000]), (1, Gen.Int[100_000, 400_000]));

    /// <summary>An id the validator must refuse: over 200 characters, a control character, surrounding space
    /// (and empty, when the id is required).</summary>
    public static Gen<string> BadId(bool required)
    {
        var bad = new List<Gen<string>>
        {
            TooLong(200).Select(n => new string('x', n)),
            Gen.Select(ValidId, ControlChar, Gen.Int[0, 40], (id, c, i) => id.Insert(Math.Min(i, id.Length), c.ToString())),
            Gen.Select(ValidId, Spaces, Gen.Bool, (id, s, before) => before ? s + id : id + s),
        };
        if (required) bad.Add(Gen.Const(""));
        return Gen.OneOf([.. bad]);
    }

    public static Gen<string> BadText(int max, bool required) =>
        required ? Gen.OneOf(Gen.Const(""), TooLong(max).Select(n => new string('n', n))) : TooLong(max).Select(n => new string('n', n));

    /// <summary>Any string: valid, refused, lone or swapped surrogates, the whole UTF-16 range, invisible characters.</summary>
    public static readonly Gen<string> ChaosString = Gen.Frequency(
        (3, ValidId),
        (2, BadId(required: true)),
        (2, Gen.String[Gen.Char, 0, 60]),
        (1, Gen.OneOf("\uD800", "\uDC00", "a\uDBFFb", "\uDC00\uD800", "\uFFFE\uFFFF", "\u202Eevil", "\u200B", "😀", "../..", "%00", "' OR 1=1 --")),
        (1, Gen.Const("")));

    public static readonly Gen<List<string>> ValidIdList = ValidId.List[0, 5].Select(l => l.Distinct(StringComparer.Ordinal).ToList());
    public static readonly Gen<List<string>> ChaosList = Gen.Frequency((4, ChaosString.List[0, 6]), (1, ValidId.List[51, 120]), (1, ValidId.Select(id => Enumerable.Repeat(id, 3).ToList())));

    /// <summary>A defined, non-UNSPECIFIED value.</summary>
    public static Gen<T> ValidEnum<T>() where T : struct, System.Enum => Gen.Int[1, System.Enum.GetValues<T>().Length - 1].Select(ToEnum<T>);

    /// <summary>UNSPECIFIED (when required) or a number the contract does not define, negative ones included.</summary>
    public static Gen<T> BadEnum<T>(bool required) where T : struct, System.Enum
    {
        var count = System.Enum.GetValues<T>().Length;
        var undefined = Gen.OneOf(Gen.Int[count, 1000], Gen.Int[1000, int.MaxValue], Gen.Int[int.MinValue, -1]);
        return (required ? Gen.OneOf(undefined, Gen.Const(0)) : undefined).Select(ToEnum<T>);
    }

    public static Gen<T> ChaosEnum<T>() where T : struct, System.Enum => Gen.Frequency((3, Gen.Int[0, 12]), (1, Gen.Int)).Select(ToEnum<T>);

    static T ToEnum<T>(int value) where T : struct, System.Enum => (T)System.Enum.ToObject(typeof(T), value);

    /// <summary>Any time Timestamp can hold, from year 1 to a day ago.</summary>
    public static readonly Gen<Timestamp> PastTime = Gen.Select(
        Gen.Long[MinSeconds, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds()], Gen.Int[0, 999_999_999],
        (s, n) => new Timestamp { Seconds = s, Nanos = n });

    /// <summary>Outside Timestamp's range: seconds beyond years 1-9999 or nanos outside [0, 1e9).</summary>
    public static readonly Gen<Timestamp> BrokenTime = Gen.OneOf(
        Gen.Long[long.MinValue, MinSeconds - 1].Select(s => new Timestamp { Seconds = s }),
        Gen.Long[MaxSeconds + 1, long.MaxValue].Select(s => new Timestamp { Seconds = s }),
        Gen.Select(Gen.Long[MinSeconds, MaxSeconds], Gen.Int[int.MinValue, -1], (s, n) => new Timestamp { Seconds = s, Nanos = n }),
        Gen.Select(Gen.Long[MinSeconds, MaxSeconds], Gen.Int[1_000_000_000, int.MaxValue], (s, n) => new Timestamp { Seconds = s, Nanos = n }));

    /// <summary>Valid timestamps more than a day ahead of the server's clock.</summary>
    public static readonly Gen<Timestamp> FutureTime =
        Gen.Long[DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(), MaxSeconds].Select(s => new Timestamp { Seconds = s });

    public static readonly Gen<Timestamp?> ChaosTime = Gen.Frequency(
        (2, PastTime.Select(t => (Timestamp?)t)), (2, BrokenTime.Select(t => (Timestamp?)t)), (1, FutureTime.Select(t => (Timestamp?)t)),
        (1, Gen.Select(Gen.Long, Gen.Int, (s, n) => (Timestamp?)new Timestamp { Seconds = s, Nanos = n })), (1, Gen.Const((Timestamp?)null)));

    public static readonly Gen<int> BadPageSize = Gen.OneOf(Gen.Int[int.MinValue, -1], Gen.Int[1001, int.MaxValue]);
    public static readonly Gen<int> ChaosPageSize = Gen.Frequency((3, Gen.Int[0, 1000]), (1, Gen.Int));

    /// <summary>Tokens this service cannot have issued: not base64url, or base64url of something else.</summary>
    public static readonly Gen<string> BadPageToken = Gen.OneOf(
        Gen.String[Gen.Char["!@#$%^&*()+=~ "], 1, 20],
        Gen.String[Gen.Char['a', 'z'], 1, 30].Select(s => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("nolist:" + s)).TrimEnd('=').Replace('+', '-').Replace('/', '_')));

    public static readonly Gen<string> ChaosPageToken = Gen.Frequency((2, BadPageToken), (2, Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_="], 0, 40]), (1, ChaosString));
}
