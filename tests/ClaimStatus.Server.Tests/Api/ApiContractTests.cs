namespace ClaimStatus.Server.Tests.Api;

/// <summary>The public contract under buf (npm @bufbuild/buf, in tests/api): lint with the rules protos/buf.yaml
/// documents, and no breaking change against the released v1 in tests/api/released. Each check is also shown
/// failing on a broken copy, so a green run means the check ran.</summary>
public sealed class ApiContractTests
{
    static readonly string ToolFolder = Path.Combine(RepositoryRoot.Path, "tests", "api");
    static readonly string Protos = Path.Combine(RepositoryRoot.Path, "protos");
    static readonly string Released = Path.Combine(ToolFolder, "released");
    static async Task<(int ExitCode, string Output)> BufAsync(params string[] arguments)
    {
        await ChildProcess.EnsureNpmPackagesAsync(ToolFolder);
        var buf = Path.Combine(ToolFolder, "node_modules", ".bin", "buf");
        return await ChildProcess.RunAsync(buf, arguments, RepositoryRoot.Path, TimeSpan.FromMinutes(2));
    }

    /// <summary>A copy of protos/ (with its buf.yaml) with one file's text changed.</summary>
    static string BrokenCopy(string file, string find, string replaceWith)
    {
        var copy = Path.Combine(Path.GetTempPath(), "claimstatus-protos-" + Guid.NewGuid().ToString("N"));
        foreach (var path in Directory.GetFiles(Protos, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Protos, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }
        var changed = Path.Combine(copy, file);
        var text = File.ReadAllText(changed);
        Assert.Contains(find, text);
        File.WriteAllText(changed, text.Replace(find, replaceWith));
        return copy;
    }

    [Fact]
    public async Task The_contract_passes_buf_lint_with_the_documented_rules()
    {
        var (exitCode, output) = await BufAsync("lint", Protos);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task The_contract_has_no_breaking_change_against_the_released_v1()
    {
        var (exitCode, output) = await BufAsync("breaking", Protos, "--against", Released);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Buf_lint_catches_a_field_named_against_the_rules()
    {
        var copy = BrokenCopy(Path.Combine("claimstatus", "v1", "types.proto"), "string claim_id = 2;", "string ClaimId = 2;");
        try
        {
            var (exitCode, output) = await BufAsync("lint", copy);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("lower_snake_case", output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task Buf_breaking_catches_a_renamed_field_and_a_changed_number()
    {
        var copy = BrokenCopy(Path.Combine("claimstatus", "v1", "types.proto"), "Status to_status = 4;", "Status new_status = 10;");
        try
        {
            var (exitCode, output) = await BufAsync("breaking", copy, "--against", Released);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("\"4\"", output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
