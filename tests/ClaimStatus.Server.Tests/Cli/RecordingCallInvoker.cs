using Grpc.Core;

namespace ClaimStatus.Server.Tests.Cli;

/// <summary>
/// A client transport that sends nothing: it records each call's method name, answers lookups with
/// NOT_FOUND, and fails any write, so a test can prove an invalid file stops the import before it starts.
/// </summary>
sealed class RecordingCallInvoker : CallInvoker
{
    public List<string> Calls { get; } = [];

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw Record(method.Name);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw Record(method.Name);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw Record(method.Name);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw Record(method.Name);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw Record(method.Name);

    Exception Record(string method)
    {
        Calls.Add(method);
        return method.StartsWith("Get", StringComparison.Ordinal)
            ? new RpcException(new Status(StatusCode.NotFound, "not stored"))
            : new InvalidOperationException($"{method} was called, but an invalid file must send nothing");
    }
}
