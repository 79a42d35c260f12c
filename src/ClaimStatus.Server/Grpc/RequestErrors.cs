using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ClaimStatus.Server.Grpc;

/// <summary>Throw helpers for the rich gRPC error model: every error names what the caller got wrong.</summary>
public static class RequestErrors
{
    [DoesNotReturn]
    public static void NotFound(string what, string id) =>
        throw Rich(Code.NotFound, $"{what} '{id}' not found", new ResourceInfo { ResourceType = what, ResourceName = id });

    [DoesNotReturn]
    public static void AlreadyExists(string field, string message) =>
        throw Rich(Code.AlreadyExists, $"{field}: {message}", new ResourceInfo { ResourceName = field, Description = message });

    /// <summary>A write refers to something that has to be stored first.</summary>
    [DoesNotReturn]
    public static void MissingReference(string field, string id) =>
        throw Rich(Code.FailedPrecondition, $"{field}: '{id}' does not exist; store it first",
            new PreconditionFailure
            {
                Violations = { new PreconditionFailure.Types.Violation { Type = "MISSING", Subject = field, Description = $"'{id}' does not exist" } },
            });

    public static RpcException InvalidArgument(IReadOnlyList<(string Field, string Problem)> violations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, problem) in violations)
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = problem });
        var summary = string.Join("; ", violations.Take(5).Select(v => $"{v.Field}: {v.Problem}"));
        if (violations.Count > 5) summary += $"; and {violations.Count - 5} more";
        return Rich(Code.InvalidArgument, summary, badRequest);
    }

    internal static RpcException Rich(Code code, string message, Google.Protobuf.IMessage detail) =>
        new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(detail) } }.ToRpcException();
}
