using System.Reflection;
using ClaimStatus.Contracts.V1;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

/// <summary>Binds the service's methods the way grpc-dotnet would, except that a request body which is not
/// a valid protobuf message is answered INVALID_ARGUMENT. grpc-dotnet reads the body before any interceptor
/// runs and reports a parse failure as UNKNOWN, which tells the caller nothing; only the marshaller can
/// change that. The service class therefore does not derive from the generated base (which would make
/// grpc-dotnet bind it a second time); a method missing from it fails at start-up, here.</summary>
public sealed class StrictMessageBinding : IServiceMethodProvider<ClaimStatusGrpcService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ClaimStatusGrpcService> context) =>
        ClaimStatusService.BindService(new Binder(context), null!);

    sealed class Binder(ServiceMethodProviderContext<ClaimStatusGrpcService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), [], Invoker<UnaryServerMethod<ClaimStatusGrpcService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Strict(method), [], Invoker<ClientStreamingServerMethod<ClaimStatusGrpcService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method), [], Invoker<ServerStreamingServerMethod<ClaimStatusGrpcService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Strict(method), [], Invoker<DuplexStreamingServerMethod<ClaimStatusGrpcService, TRequest, TResponse>>(method.Name));

        static TDelegate Invoker<TDelegate>(string name) where TDelegate : Delegate
        {
            var method = typeof(ClaimStatusGrpcService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{nameof(ClaimStatusGrpcService)} does not implement the contract's method {name}.");
            return method.CreateDelegate<TDelegate>();
        }

        static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class where TResponse : class
        {
            var inner = method.RequestMarshaller;
            var strict = new Marshaller<TRequest>(inner.ContextualSerializer, deserializationContext =>
            {
                try
                {
                    return inner.ContextualDeserializer(deserializationContext);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw RequestErrors.InvalidArgument([("request", $"is not a valid {typeof(TRequest).Name} message: {ex.Message}")]);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, strict, method.ResponseMarshaller);
        }
    }
}
