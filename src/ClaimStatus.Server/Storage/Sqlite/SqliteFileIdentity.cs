using System.Runtime.InteropServices;

namespace ClaimStatus.Server.Storage.Sqlite;

/// <summary>Which file a path names right now: the (device, inode) pair from stat(2). An open SQLite connection
/// keeps writing to the inode it opened, so a file deleted or replaced under the server swallows every later write
/// and vanishes at restart; comparing the pair recorded at start-up with the path's current one catches that.
/// .NET has no inode API, and SQLite's own SQLITE_FCNTL_HAS_MOVED is not exposed by Microsoft.Data.Sqlite, so this
/// calls libc directly. On 64-bit Linux (glibc and musl, x86-64 and arm64) struct stat starts with st_dev and st_ino,
/// 8 bytes each. Elsewhere it reports itself unsupported: Windows refuses to delete a file SQLite holds open.</summary>
public readonly record struct SqliteFileIdentity(ulong Device, ulong Inode)
{
    private const int Enoent = 2, Enotdir = 20;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The identity of the file at <paramref name="path"/>; null when nothing is there (or unsupported).</summary>
    public static SqliteFileIdentity? Of(string path)
    {
        if (!IsSupported) return null;
        var buffer = new byte[256]; // struct stat is 144 bytes on x86-64, 128 on arm64
        if (Stat(path, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir) return null;
            throw new IOException($"stat({path}) failed with errno {errno}");
        }
        return new SqliteFileIdentity(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    private static int Stat(string path, byte[] buffer)
    {
        try { return stat(path, buffer); }
        // glibc before 2.33 exports stat only as __xstat with a struct version (1 on x86-64, 0 on arm64).
        catch (EntryPointNotFoundException) { return __xstat(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0, path, buffer); }
    }

#pragma warning disable SYSLIB1054, CA5392 // LibraryImport would need unsafe code for one syscall; libc is the system's own
    [DllImport("libc", SetLastError = true)]
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int __xstat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
#pragma warning restore SYSLIB1054, CA5392
}
