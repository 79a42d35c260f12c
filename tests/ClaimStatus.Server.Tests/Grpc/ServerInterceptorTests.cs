using ClaimStatus.Server.Grpc;
using ClaimStatus.Server.Statuses;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaimStatus.Server.Tests.Grpc;

/// <summary>Failures that are not the caller's fault become honest status codes, never UNKNOWN. Database
/// outages and cancellations cannot be provoked on demand through a real server, so the interceptor is
/// called directly with a handler that fails the way the store would.</summary>
public sealed class ServerInterceptorTests
{
    private static async Task<RpcException> Fail(Exception thrown, bool cancelled = false, bool deadlinePassed = false)
    {
        using var cancellation = new CancellationTokenSource();
        if (cancelled) await cancellation.CancelAsync();
        var context = new CallContext(deadlinePassed ? DateTime.UtcNow.AddSeconds(-1) : DateTime.MaxValue, cancellation.Token);
        var interceptor = new ServerInterceptor(NullLogger<ServerInterceptor>.Instance);
        return await Assert.ThrowsAsync<RpcException>(() =>
            interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => throw thrown));
    }

    [Fact]
    public async Task A_database_failure_is_unavailable()
    {
        var e = await Fail(new SqliteException("disk I/O error", 10));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
    }

    [Theory]
    [InlineData(11, StatusCode.DataLoss, "corrupt")]                    // SQLITE_CORRUPT
    [InlineData(26, StatusCode.DataLoss, "not a SQLite database")]      // SQLITE_NOTADB
    [InlineData(13, StatusCode.ResourceExhausted, "disk is full")]      // SQLITE_FULL
    [InlineData(8, StatusCode.Unavailable, "read-only")]                // SQLITE_READONLY
    [InlineData(14, StatusCode.Unavailable, "permissions")]             // SQLITE_CANTOPEN
    [InlineData(10, StatusCode.Unavailable, "I/O error")]               // SQLITE_IOERR
    [InlineData(266, StatusCode.Unavailable, "I/O error")]              // SQLITE_IOERR_READ, an extended code
    [InlineData(5, StatusCode.Unavailable, "retry later")]              // SQLITE_BUSY
    public async Task Each_database_fault_has_its_own_status_and_message(int sqliteCode, StatusCode expected, string says)
    {
        var e = await Fail(new SqliteException("native message at /secret/path", sqliteCode));
        Assert.Equal(expected, e.StatusCode);
        Assert.Contains(says, e.Status.Detail);
        Assert.DoesNotContain("/secret", e.Status.Detail);
    }

    [Fact]
    public async Task A_database_error_raised_by_a_cancelled_call_is_cancelled()
    {
        // SqlClient reports a command cancelled through its token as a SqlException.
        var e = await Fail(new SqliteException("interrupted", 9), cancelled: true);
        Assert.Equal(StatusCode.Cancelled, e.StatusCode);
    }

    [Fact]
    public async Task A_cancellation_after_the_deadline_is_deadline_exceeded()
    {
        var e = await Fail(new OperationCanceledException(), cancelled: true, deadlinePassed: true);
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
    }

    [Fact]
    public async Task A_cancellation_the_call_did_not_ask_for_is_not_reported_as_cancelled()
    {
        var e = await Fail(new OperationCanceledException());
        Assert.Equal(StatusCode.Internal, e.StatusCode);
    }

    [Fact]
    public async Task A_watcher_that_fell_behind_is_aborted()
    {
        var e = await Fail(new WatcherOverflowException());
        Assert.Equal(StatusCode.Aborted, e.StatusCode);
    }

    [Fact]
    public async Task Anything_else_is_internal_with_a_pointer_to_the_logs_not_the_exception()
    {
        var e = await Fail(new InvalidOperationException("secret detail"));
        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.DoesNotContain("secret", e.Status.Detail);
    }

    private sealed class CallContext(DateTime deadline, CancellationToken token) : ServerCallContext
    {
        private readonly Metadata _trailers = [];
        protected override string MethodCore => "/claimstatus.v1.ClaimStatusService/GetStatus";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => deadline;
        protected override Metadata RequestHeadersCore => [];
        protected override CancellationToken CancellationTokenCore => token;
        protected override Metadata ResponseTrailersCore => _trailers;
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
