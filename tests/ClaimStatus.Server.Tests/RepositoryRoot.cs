namespace ClaimStatus.Server.Tests;

/// <summary>The checkout's root (where ClaimStatus.sln is), found from the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The shared scenarios beside the checkout (present for engineers and CI, absent in a user's clone).</summary>
    public static string SharedScenario(string name) => System.IO.Path.Combine(Path, "..", "shared", "scenarios", name);

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ClaimStatus.sln"))) return dir.FullName;
        throw new InvalidOperationException("ClaimStatus.sln not found above " + AppContext.BaseDirectory);
    }
}
