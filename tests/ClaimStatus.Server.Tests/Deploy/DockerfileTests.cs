using System.Text.RegularExpressions;

namespace ClaimStatus.Server.Tests.Deploy;

/// <summary>Docker cannot run on the build machines, so these read deploy/Dockerfile and .dockerignore as
/// text: what goes into the build context, and whether the user the image runs as owns its data volume.</summary>
public sealed partial class DockerfileTests
{
    static readonly string[] Dockerfile = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "deploy", "Dockerfile"));

    /// <summary>The aspnet image's non-root user, by name and by number.</summary>
    static readonly string[] AppUser = ["app", "1654", "$APP_UID"];

    [Theory]
    [InlineData("bin")]
    [InlineData("obj")]
    [InlineData("data")]
    [InlineData("node_modules")]
    [InlineData("TestResults")]
    [InlineData(".git")]
    public void The_build_context_leaves_out_local_build_output_and_data(string folder)
    {
        var patterns = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        // "**/x/" excludes the folder at any depth; ".git" only matters at the root.
        Assert.True(patterns.Contains($"**/{folder}/") || (folder == ".git" && patterns.Contains(folder)),
            $"{folder} is not excluded by .dockerignore: {string.Join(", ", patterns)}");
        Assert.DoesNotContain(patterns, p => p.StartsWith('!'));
    }

    [Fact]
    public void The_runtime_user_is_not_root_and_owns_the_volume_it_declares()
    {
        var runtime = FinalStage();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal))[5..].Trim();
        Assert.Contains(user.Split(':')[0], AppUser);

        var volumeAt = runtime.FindIndex(l => l.StartsWith("VOLUME ", StringComparison.Ordinal));
        Assert.True(volumeAt >= 0, "the final stage declares no VOLUME");
        var volume = runtime[volumeAt][7..].Trim();
        var chownAt = runtime.FindIndex(l => Chown().Match(l) is { Success: true } m && m.Groups["path"].Value == volume);
        Assert.True(chownAt >= 0, $"nothing in the final stage gives {volume} to a user");
        Assert.Contains(Chown().Match(runtime[chownAt]).Groups["owner"].Value, AppUser);
        // Docker copies the image's ownership into a new named volume only if the folder is made before VOLUME.
        Assert.True(chownAt < volumeAt, "the data folder must be created and owned before VOLUME");
        Assert.Contains(runtime, l => l.Contains($"Storage__DataFolder={volume}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_image_has_culture_data_for_SqlClient()
    {
        var from = Assert.Single(FinalStage(), l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:", from);
        // Chiseled images have no ICU unless they are the -extra variant.
        Assert.True(!from.Contains("chiseled", StringComparison.Ordinal) || from.Contains("-extra", StringComparison.Ordinal), from);
        Assert.DoesNotContain(Dockerfile, l => l.Contains("GLOBALIZATION_INVARIANT", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The lines from the last FROM on, with continuation lines joined.</summary>
    static List<string> FinalStage()
    {
        var joined = string.Join('\n', Dockerfile).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return joined[joined.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))..];
    }

    [GeneratedRegex(@"chown (?:-R )?(?<owner>[\w$]+)(?::[\w$]+)? (?<path>/\S+)")]
    private static partial Regex Chown();
}
