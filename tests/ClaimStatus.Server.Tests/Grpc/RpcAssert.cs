using Google.Rpc;
using Grpc.Core;

namespace ClaimStatus.Server.Tests.Grpc;

public static class RpcAssert
{
    /// <summary>Asserts the call fails with the code and, for INVALID_ARGUMENT, a field violation naming the field.</summary>
    public static async Task<RpcException> FailsAsync(StatusCode code, Func<Task> call, string? field = null)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == ex.StatusCode, $"expected {code}, got {ex.StatusCode}: {ex.Status.Detail}");
        if (field is not null)
        {
            var status = ex.GetRpcStatus();
            Assert.NotNull(status);
            var fields = new List<string>();
            fields.AddRange(status.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field) ?? []);
            fields.AddRange(status.GetDetail<PreconditionFailure>()?.Violations.Select(v => v.Subject) ?? []);
            if (status.GetDetail<ResourceInfo>() is { } info) fields.Add(info.ResourceName);
            Assert.Contains(field, fields);
        }
        return ex;
    }
}
