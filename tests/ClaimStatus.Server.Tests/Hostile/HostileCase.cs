using ClaimStatus.Contracts.V1;
using CsCheck;
using Google.Protobuf;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>What a generated request must get: success (a valid request), INVALID_ARGUMENT naming
/// <see cref="Field"/> (one field broken for certain), or any documented outcome (chaos).</summary>
public enum Expectation { Success, InvalidField, Documented }

public sealed record HostileCase(string Method, Expectation Expect, string? Field, IMessage Request,
    Func<ClaimStatusService.ClaimStatusServiceClient, Task> Call)
{
    /// <summary>What CsCheck prints for a failing case: the request as JSON, cut short when huge.</summary>
    public override string ToString()
    {
        var json = Request.ToString() ?? "";
        if (json.Length > 600) json = json[..600] + $"... ({json.Length} characters)";
        return $"{Method} [{Expect}{(Field is null ? "" : " " + Field)}] {json}";
    }

    /// <summary>Cases for one method: valid requests, each defect applied to a valid request, and chaos.</summary>
    public static Gen<HostileCase> For<T>(string method, Gen<T> valid, Gen<T> chaos,
        Func<ClaimStatusService.ClaimStatusServiceClient, T, Task> call, params Defect<T>[] defects)
        where T : IMessage<T>
    {
        var validCases = valid.Select(r => new HostileCase(method, Expectation.Success, null, r, c => call(c, r)));
        var chaosCases = chaos.Select(r => new HostileCase(method, Expectation.Documented, null, r, c => call(c, r)));
        if (defects.Length == 0) return Gen.Frequency((1, validCases), (3, chaosCases));
        var brokenCases = Gen.Int[0, defects.Length - 1].SelectMany(i => Gen.Select(valid, defects[i].Break, (r, breakIt) =>
        {
            var broken = r.Clone();
            breakIt(broken);
            return new HostileCase(method, Expectation.InvalidField, defects[i].Field, broken, c => call(c, broken));
        }));
        return Gen.Frequency((2, validCases), (5, brokenCases), (3, chaosCases));
    }

    /// <summary>Moves a part's defects under the field that holds the part ("id" becomes "source.id").</summary>
    public static Defect<TRequest>[] Under<TRequest, TPart>(string prefix, Defect<TPart>[] defects, Func<TRequest, TPart> part) =>
        [.. defects.Select(d => new Defect<TRequest>($"{prefix}.{d.Field}", d.Break.Select(b => (Action<TRequest>)(r => b(part(r))))))];
}
