namespace ClaimStatus.Server.Tests.Deploy;

/// <summary>deploy/k8s/ against the Kubernetes API schemas (kubernetes-models, from the official OpenAPI
/// definitions), with unknown fields refused as the API server refuses them, and the deployment policy.
/// The broken copies show the validator can fail: each breaks one thing and must be named for it.</summary>
public sealed class KubernetesManifestTests : IDisposable
{
    static readonly string Manifests = Path.Combine(RepositoryRoot.Path, "deploy", "k8s");
    readonly string _broken = Path.Combine(Path.GetTempPath(), "claimstatus-k8s-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_manifest_is_a_valid_Kubernetes_object_and_follows_the_policy()
    {
        var (exitCode, output) = await NodeTool.ValidateAsync(Manifests);

        Assert.True(exitCode == 0, output);
        foreach (var kind in new[] { "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap", "Secret", "ServiceAccount", "Kustomization" })
            Assert.Contains($" {kind}/", output);
        Assert.DoesNotContain("FAIL", output);
    }

    public static TheoryData<string, string, string, string> Breakages => new()
    {
        // file, text to replace, replacement, the problem the validator must report
        { "deployment.yaml", "replicas: 2", "replicas: \"two\"", "spec/replicas must be integer" },
        { "deployment.yaml", "          image: claimstatus\n", "          image: claimstatus\n          imagePulPolicy: Always\n", "containers/0/imagePulPolicy: unknown field" },
        { "deployment.yaml", "replicas: 2", "replicas: 1", "spec.replicas must be at least 2" },
        { "deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "readOnlyRootFilesystem must be true" },
        { "deployment.yaml", "runAsNonRoot: true\n            capabilities", "runAsNonRoot: false\n            capabilities", "runAsNonRoot must be true" },
        { "deployment.yaml", "              memory: 512Mi\n", "", "resources.limits.memory must be set" },
        { "deployment.yaml", "grpc:\n              port: 8080\n              service: \"\"", "tcpSocket:\n              port: 8080", "readinessProbe must be a grpc probe" },
        { "deployment.yaml", "terminationGracePeriodSeconds: 20", "terminationGracePeriodSeconds: 8", "terminationGracePeriodSeconds (8) must exceed" },
        { "service.yaml", "clusterIP: None", "clusterIP: 10.0.0.10", "must be None (headless)" },
        { "horizontalpodautoscaler.yaml", "minReplicas: 2", "minReplicas: 1", "spec.minReplicas must be at least 2" },
        { "poddisruptionbudget.yaml", "kind: PodDisruptionBudget", "kind: PodDisruptionBudgets", "is not a Kubernetes API type" },
        { "kustomization.yaml", "  - service.yaml\n", "", "service.yaml is not listed in resources" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task A_broken_manifest_is_rejected_and_named(string file, string find, string replace, string problem)
    {
        Directory.CreateDirectory(_broken);
        foreach (var manifest in Directory.GetFiles(Manifests)) File.Copy(manifest, Path.Combine(_broken, Path.GetFileName(manifest)));
        var path = Path.Combine(_broken, file);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));

        var (exitCode, output) = await NodeTool.ValidateAsync(_broken);

        Assert.True(exitCode == 1, output);
        Assert.Contains($"FAIL {file}", output);
        Assert.Contains(problem, output);
    }

    [Fact]
    public async Task A_Secret_with_a_value_outside_an_example_file_is_rejected()
    {
        Directory.CreateDirectory(_broken);
        File.Copy(Path.Combine(Manifests, "secret.example.yaml"), Path.Combine(_broken, "secret.yaml"));

        var (exitCode, output) = await NodeTool.ValidateAsync(_broken);

        Assert.True(exitCode == 1, output);
        Assert.Contains("a Secret may only be shipped as an example", output);
    }

    public void Dispose()
    {
        if (Directory.Exists(_broken)) Directory.Delete(_broken, recursive: true);
    }
}
