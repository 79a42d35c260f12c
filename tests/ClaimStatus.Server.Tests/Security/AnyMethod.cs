using Google.Protobuf.Reflection;
using Grpc.Core;
using ClaimStatusService = ClaimStatus.Contracts.V1.ClaimStatusService;

namespace ClaimStatus.Server.Tests.Security;

/// <summary>Calls any method of the contract by its descriptor with an empty request, so a theory over
/// the descriptor covers every RPC, including one added after these tests were written.</summary>
public static class AnyMethod
{
    static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var method in ClaimStatusService.Descriptor.Methods) names.Add(method.Name);
        return names;
    }

    /// <returns>The call's status: OK, or the status it failed with.</returns>
    public static async Task<Status> CallAsync(CallInvoker invoker, string name, Metadata? headers = null)
    {
        var descriptor = ClaimStatusService.Descriptor.FindMethodByName(name);
        var options = new CallOptions(headers ?? [], DateTime.UtcNow.AddSeconds(20));
        try
        {
            switch (descriptor)
            {
                case { IsClientStreaming: false, IsServerStreaming: false }:
                    await invoker.AsyncUnaryCall(Method(descriptor, MethodType.Unary), null, options, []);
                    break;
                case { IsClientStreaming: true, IsServerStreaming: false }:
                    using (var call = invoker.AsyncClientStreamingCall(Method(descriptor, MethodType.ClientStreaming), null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call;
                    }
                    break;
                case { IsClientStreaming: false, IsServerStreaming: true }:
                    using (var call = invoker.AsyncServerStreamingCall(Method(descriptor, MethodType.ServerStreaming), null, options, []))
                    {
                        for (var i = 0; i < 1000 && await call.ResponseStream.MoveNext(CancellationToken.None); i++) { }
                    }
                    break;
                default:
                    throw new NotSupportedException($"{name}: duplex methods need a case here");
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }

    static Method<byte[], byte[]> Method(MethodDescriptor descriptor, MethodType type) =>
        new(type, descriptor.Service.FullName, descriptor.Name, Bytes, Bytes);
}
