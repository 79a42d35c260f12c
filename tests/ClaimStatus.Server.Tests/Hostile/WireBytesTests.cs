using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Tests.Grpc;
using CsCheck;
using Google.Protobuf;
using Grpc.Core;
using Xunit.Abstractions;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>Below the generated client: request bodies that are random bytes, or valid requests with bytes
/// flipped, cut short or appended, sent to every method. A body that is not a message is INVALID_ARGUMENT
/// naming "request"; one that happens to parse gets what its fields deserve; nothing is UNKNOWN or INTERNAL.</summary>
public sealed class WireBytesTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    public static TheoryData<string> Methods => [.. HostileRequests.ByMethod.Keys];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Any_request_body_gets_success_or_a_documented_error(string name)
    {
        var descriptor = ClaimStatusService.Descriptor.FindMethodByName(name);
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.Unary,
        };
        var method = new Method<byte[], byte[]>(type, ClaimStatusService.Descriptor.FullName, name, Raw, Raw);
        var invoker = server.Channel.CreateCallInvoker();
        var outcomes = new Dictionary<string, int>();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Bodies(HostileRequests.ByMethod[name]).SampleAsync(async body =>
        {
            var outcome = "OK";
            try
            {
                await CallAsync(invoker, method, body);
            }
            catch (RpcException ex)
            {
                HostileOutcome.AssertDocumented(ex);
                outcome = ex.StatusCode.ToString();
            }
            lock (outcomes) outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }, iter: FuzzBudget.Iterations(40), threads: 2, print: b => Convert.ToHexString(b.Length > 300 ? b[..300] : b));
        output.WriteLine($"{name} bytes: {outcomes.Values.Sum()} inputs ({string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}) in {watch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Random bytes, and a generated request's encoding with damage done to it.</summary>
    static Gen<byte[]> Bodies(Gen<HostileCase> requests) => Gen.Frequency(
        (1, Gen.Byte.Array[0, 200]),
        (3, Gen.Select(requests, Gen.Int[0, 3], Gen.Int, Gen.Byte.Array[1, 16], (c, how, at, bytes) =>
        {
            var encoded = c.Request.ToByteArray();
            var i = encoded.Length == 0 ? 0 : (int)((uint)at % (uint)encoded.Length);
            return how switch
            {
                0 when encoded.Length > 0 => Flip(encoded, i, bytes[0]),
                1 => encoded[..i],
                2 => [.. encoded, .. bytes],
                _ => [.. encoded[..i], .. bytes, .. encoded[i..]],
            };
        })));

    static byte[] Flip(byte[] encoded, int at, byte mask)
    {
        encoded[at] ^= mask == 0 ? (byte)1 : mask;
        return encoded;
    }

    static async Task CallAsync(CallInvoker invoker, Method<byte[], byte[]> method, byte[] body)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        switch (method.Type)
        {
            case MethodType.Unary:
                await invoker.AsyncUnaryCall(method, null, options, body);
                break;
            case MethodType.ClientStreaming:
                using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                {
                    await call.RequestStream.WriteAsync(body);
                    await call.RequestStream.CompleteAsync();
                    await call;
                }
                break;
            default:
                // A watch that is accepted streams until cancelled; its first message (or a short wait) is enough.
                using (var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
                using (var call = invoker.AsyncServerStreamingCall(method, null, options.WithCancellationToken(wait.Token), body))
                {
                    try { await call.ResponseStream.MoveNext(wait.Token); }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && wait.IsCancellationRequested) { }
                }
                break;
        }
    }
}
