using ClaimStatus.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace ClaimStatus.Server.Tests.Hostile;

/// <summary>The property's judgement of one call's outcome.</summary>
public static class HostileOutcome
{
    public static async Task AssertAsync(HostileCase c, ClaimStatusService.ClaimStatusServiceClient client)
    {
        RpcException? failure = null;
        try
        {
            await c.Call(client);
        }
        catch (RpcException ex)
        {
            failure = ex;
        }
        switch (c.Expect)
        {
            case Expectation.Success:
                Assert.True(failure is null, $"a valid request failed: {failure?.StatusCode} {failure?.Status.Detail}");
                break;
            case Expectation.InvalidField:
                Assert.True(failure is not null, $"succeeded, expected INVALID_ARGUMENT naming {c.Field}");
                Assert.True(failure.StatusCode == StatusCode.InvalidArgument, $"expected INVALID_ARGUMENT naming {c.Field}, got {failure.StatusCode}: {failure.Status.Detail}");
                Assert.Contains(c.Field, FieldViolations(failure));
                break;
            case Expectation.Documented when failure is not null:
                AssertDocumented(failure);
                break;
        }
    }

    /// <summary>Each documented code carries the detail that says what was wrong.</summary>
    public static void AssertDocumented(RpcException failure)
    {
        var status = failure.GetRpcStatus();
        switch (failure.StatusCode)
        {
            case StatusCode.InvalidArgument:
                var fields = FieldViolations(failure);
                Assert.NotEmpty(fields);
                Assert.All(fields, f => Assert.False(string.IsNullOrWhiteSpace(f), "a field violation names no field"));
                break;
            case StatusCode.NotFound or StatusCode.AlreadyExists:
                Assert.NotNull(status?.GetDetail<ResourceInfo>());
                break;
            case StatusCode.FailedPrecondition:
                Assert.NotNull(status?.GetDetail<PreconditionFailure>());
                break;
            default:
                Assert.Fail($"undocumented status {failure.StatusCode}: {failure.Status.Detail}");
                break;
        }
    }

    static List<string> FieldViolations(RpcException failure) =>
        failure.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}
