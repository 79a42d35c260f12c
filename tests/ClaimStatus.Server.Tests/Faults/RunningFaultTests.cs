using System.Diagnostics;
using ClaimStatus.Contracts.V1;
using ClaimStatus.Server.Storage;
using ClaimStatus.Server.Tests.Grpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Data.Sqlite;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace ClaimStatus.Server.Tests.Faults;

/// <summary>Faults done to the database's files under the running server: readiness says so, writes are refused with
/// a status that names the fault, reads go on where they can, and writes come back without a restart once the fault
/// is gone. These mount file systems, so they need root, which CI and the engineers' machines have.</summary>
[Collection(nameof(MountingTests))]
public sealed class RunningFaultTests : IAsyncLifetime
{
    readonly string _folder = FaultServer.NewDataFolder();
    readonly List<string> _mounts = [];
    readonly List<string> _folders = [];
    FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync(_folder);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        foreach (var mount in Enumerable.Reverse(_mounts)) Sh($"umount -l {mount}", mustSucceed: false);
        foreach (var folder in _folders.Append(_folder))
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    string NewFolder()
    {
        var folder = FaultServer.NewDataFolder();
        _folders.Add(folder);
        return folder;
    }

    Task<Claim> CreateClaimAsync(string id) => _server.Client.CreateClaimAsync(new CreateClaimRequest { Claim = Builders.Claim(id) }).ResponseAsync;

    [Fact]
    public async Task Liveness_and_readiness_are_separate_health_services()
    {
        Assert.Equal(ServingStatus.Serving, await _server.StatusAsync(""));
        Assert.Equal(ServingStatus.Serving, await _server.StatusAsync("readiness"));
        Assert.Equal(ServingStatus.Serving, await _server.StatusAsync("liveness"));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _server.StatusAsync("no-such-service"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_database_file_deleted_under_the_server_makes_it_unready_and_refuses_every_write()
    {
        await CreateClaimAsync("before");
        File.Delete(_server.DatabasePath);

        Assert.Equal(ServingStatus.NotServing, await _server.WaitForAsync(ServingStatus.NotServing));
        Assert.Equal(ServingStatus.NotServing, await _server.StatusAsync("readiness"));
        Assert.Equal(ServingStatus.Serving, await _server.StatusAsync("liveness"));
        for (var i = 0; i < 5; i++)
        {
            var refused = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => CreateClaimAsync($"after-{i}"));
            Assert.Contains("deleted or replaced", refused.Status.Detail);
        }

        // Nothing was acknowledged into the lost file, and the next start does not quietly begin an empty database.
        await _server.DisposeAsync();
        _server = null!;
        var restart = await Assert.ThrowsAsync<StorageStartupException>(() => FaultServer.StartAsync(_folder));
        Assert.Contains("is missing", restart.Message);
        _server = await FaultServer.StartAsync(NewFolder()); // for DisposeAsync
    }

    [Fact]
    public async Task A_database_file_replaced_under_the_server_makes_it_unready_and_refuses_writes()
    {
        await CreateClaimAsync("before");
        var copy = Path.Combine(_folder, "copy.db");
        File.Copy(_server.DatabasePath, copy);
        File.Move(copy, _server.DatabasePath, overwrite: true);

        Assert.Equal(ServingStatus.NotServing, await _server.WaitForAsync(ServingStatus.NotServing));
        var refused = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => CreateClaimAsync("after"));
        Assert.Contains("deleted or replaced", refused.Status.Detail);
    }

    [Fact]
    public async Task A_read_only_file_system_refuses_writes_keeps_reads_and_recovers_without_a_restart()
    {
        await CreateClaimAsync("before");
        // Linux refuses to remount read-only while the server holds the file open for writing (EBUSY), and root
        // ignores permission bits; a read-only bind mount stacked on the folder is what every new open then meets,
        // as after the kernel remounted a failing disk read-only.
        Sh($"mount --bind {_folder} {_folder} && mount -o remount,bind,ro {_folder}");
        _mounts.Add(_folder);

        Assert.Equal(ServingStatus.NotServing, await _server.WaitForAsync(ServingStatus.NotServing));
        var refused = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => CreateClaimAsync("during"));
        Assert.Contains("read-only", refused.Status.Detail);
        Assert.Equal("before", (await _server.Client.GetClaimAsync(new GetClaimRequest { Id = "before" })).Id);

        Sh($"umount -l {_folder}");
        _mounts.Remove(_folder);
        Assert.Equal(ServingStatus.Serving, await _server.WaitForAsync(ServingStatus.Serving));
        await CreateClaimAsync("after");
        var ids = (await _server.Client.ListClaimsAsync(new ListClaimsRequest())).Claims.Select(c => c.Id);
        Assert.Equal(["after", "before"], ids.Order());
    }

    [Fact]
    public async Task A_health_watch_streams_serving_then_not_serving_then_serving_again()
    {
        // The published statuses come every Health:Period; a short one keeps the test quick.
        await _server.DisposeAsync();
        _server = await FaultServer.StartAsync(_folder, ("Health:Delay", "00:00:00.1"), ("Health:Period", "00:00:01"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = _server.Health.Watch(new HealthCheckRequest { Service = "claimstatus.v1.ClaimStatusService" },
            cancellationToken: deadline.Token);
        var seen = new List<ServingStatus>();
        async Task NextChangeAsync()
        {
            // Statuses repeat every period; the change is the first one that differs.
            for (var i = 0; i < 600; i++)
            {
                Assert.True(await watch.ResponseStream.MoveNext(deadline.Token));
                var status = watch.ResponseStream.Current.Status;
                if (seen.Count == 0 || seen[^1] != status)
                {
                    seen.Add(status);
                    return;
                }
            }
        }

        await NextChangeAsync();
        Sh($"mount --bind {_folder} {_folder} && mount -o remount,bind,ro {_folder}");
        _mounts.Add(_folder);
        await NextChangeAsync();
        Sh($"umount -l {_folder}");
        _mounts.Remove(_folder);
        await NextChangeAsync();

        Assert.Equal([ServingStatus.Serving, ServingStatus.NotServing, ServingStatus.Serving], seen);
    }

    [Fact]
    public async Task A_full_disk_is_resource_exhausted_keeps_reads_and_recovers_without_a_restart()
    {
        // The server moves onto a small tmpfs of its own for this one.
        await _server.DisposeAsync();
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        Sh($"mount -t tmpfs -o size=3m tmpfs {folder}");
        _mounts.Add(folder);
        _server = await FaultServer.StartAsync(folder);
        await CreateClaimAsync("before");

        var filler = Path.Combine(folder, "filler");
        await FillAsync(filler);
        Assert.Equal(ServingStatus.NotServing, await _server.WaitForAsync(ServingStatus.NotServing));
        var refused = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => StartupFaultTests.CreateClaimsAsync(_server.Client, 300));
        Assert.Contains("disk is full", refused.Status.Detail);
        Assert.Equal("before", (await _server.Client.GetClaimAsync(new GetClaimRequest { Id = "before" })).Id);

        File.Delete(filler);
        Assert.Equal(ServingStatus.Serving, await _server.WaitForAsync(ServingStatus.Serving));
        await StartupFaultTests.CreateClaimsAsync(_server.Client, 300);
        var page = await _server.Client.ListClaimsAsync(new ListClaimsRequest { PageSize = 1000 });
        Assert.Equal(301, page.Claims.Count); // the refused batch left nothing half-written
    }

    [Fact]
    public async Task Pages_corrupted_under_the_server_are_data_loss_not_retry_later()
    {
        await StartupFaultTests.CreateClaimsAsync(_server.Client, 400);
        using (var connection = new SqliteConnection($"Data Source={_server.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        await using (var file = new FileStream(_server.DatabasePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = 2 * 4096;
            await file.WriteAsync(StartupFaultTests.Garbage((int)file.Length - 2 * 4096, seed: 3));
        }
        SqliteConnection.ClearAllPools(); // the server's connections cache pages; new ones read the damage

        var lost = await RpcAssert.FailsAsync(StatusCode.DataLoss,
            () => _server.Client.ListClaimsAsync(new ListClaimsRequest { PageSize = 1000 }).ResponseAsync);
        Assert.Contains("corrupt", lost.Status.Detail);
    }

    static async Task FillAsync(string path)
    {
        var block = new byte[64 * 1024];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        for (var i = 0; i < 1024; i++)
        {
            try
            {
                await file.WriteAsync(block);
                await file.FlushAsync();
            }
            catch (IOException)
            {
                return; // ENOSPC: the file system is full
            }
        }
        throw new InvalidOperationException("the tmpfs did not fill within 64 MB");
    }

    static void Sh(string command, bool mustSucceed = true)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (mustSucceed && process.ExitCode != 0)
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {error}. These drills need root.");
    }
}

/// <summary>Tests that mount file systems run one at a time.</summary>
[CollectionDefinition(nameof(MountingTests), DisableParallelization = true)]
public sealed class MountingTests;
