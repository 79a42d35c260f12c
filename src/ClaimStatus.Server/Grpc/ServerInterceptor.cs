using System.Data.Common;
using System.Diagnostics;
using ClaimStatus.Server.Statuses;
using ClaimStatus.Server.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ClaimStatus.Server.Grpc;

/// <summary>What every call shares: the trace id handed back as a trailer, and failures that are not the
/// caller's fault turned into honest status codes instead of UNKNOWN.</summary>
public sealed partial class ServerInterceptor(ILogger<ServerInterceptor> log) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        AddTraceId(context);
        try { return await continuation(request, context); }
        catch (Exception ex) when (ex is not RpcException) { throw Translate(ex, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        AddTraceId(context);
        try { return await continuation(requestStream, context); }
        catch (Exception ex) when (ex is not RpcException) { throw Translate(ex, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        AddTraceId(context);
        try { await continuation(request, responseStream, context); }
        catch (Exception ex) when (ex is not RpcException) { throw Translate(ex, context); }
    }

    static void AddTraceId(ServerCallContext context)
    {
        if (Activity.Current is { } activity) context.ResponseTrailers.Add("trace-id", activity.TraceId.ToHexString());
    }

    RpcException Translate(Exception ex, ServerCallContext context)
    {
        // SqlClient reports a command cancelled by the call's token as a SqlException, not as a cancellation:
        // when the call was cancelled, the cancellation is the story, whatever the exception.
        if ((ex is OperationCanceledException or DbException) && context.CancellationToken.IsCancellationRequested)
            return context.Deadline <= DateTime.UtcNow
                ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline passed before the call finished."))
                : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        if (ex is WatcherOverflowException)
            return new RpcException(new Status(StatusCode.Aborted, ex.Message));
        if (StoreFailures.Classify(ex) is { } failure)
        {
            LogStoreFailure(ex, context.Method, failure.Kind);
            return new RpcException(new Status(StatusOf(failure.Kind), failure.Message));
        }
        LogUnexpected(ex, context.Method);
        return new RpcException(new Status(StatusCode.Internal, "The service failed to handle the call; see its logs by trace id."));
    }

    /// <summary>A corrupt file is not "retry later": retrying cannot bring lost data back. A write that lost every race
    /// is ABORTED, gRPC's code for a concurrency conflict the caller may retry at a higher level.</summary>
    static StatusCode StatusOf(StoreFailureKind kind) => kind switch
    {
        StoreFailureKind.Corrupt => StatusCode.DataLoss,
        StoreFailureKind.DiskFull => StatusCode.ResourceExhausted,
        StoreFailureKind.Conflict => StatusCode.Aborted,
        _ => StatusCode.Unavailable,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database failure in {Method}: {Kind}")]
    partial void LogStoreFailure(Exception ex, string method, StoreFailureKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    partial void LogUnexpected(Exception ex, string method);
}
