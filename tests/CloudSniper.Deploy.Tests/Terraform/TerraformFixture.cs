using CloudSniper.Testing;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>The deployment's two modules, <c>deploy/terraform</c> and <c>deploy/terraform/member-role</c>, parsed once for a test class.</summary>
public sealed class TerraformFixture : IAsyncLifetime
{
    private TerraformModule? _root;
    private TerraformModule? _memberRole;
    private string? _skipReason;

    /// <summary>The repository checkout.</summary>
    public string RepoRoot { get; } = Testing.RepoRoot.Find() ?? throw new InvalidOperationException("the repository root (CloudSniper.slnx) was not found above the test binaries");

    /// <summary>The folder of the main module.</summary>
    public string RootDirectory => Path.Combine(RepoRoot, "deploy", "terraform");

    /// <summary>The main module; skips the test where hcl2json cannot run (fails it in CI).</summary>
    public TerraformModule Root
    {
        get
        {
            EnsureParsed();
            return _root!;
        }
    }

    /// <summary>The member-role module; skips the test where hcl2json cannot run (fails it in CI).</summary>
    public TerraformModule MemberRole
    {
        get
        {
            EnsureParsed();
            return _memberRole!;
        }
    }

    /// <summary>Both modules.</summary>
    public IEnumerable<TerraformModule> All => [Root, MemberRole];

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _skipReason = HclJson.MissingPrerequisite(RepoRoot);
        if (_skipReason is not null)
        {
            return;
        }

        _root = await HclJson.ParseModuleAsync(RepoRoot, RootDirectory, CancellationToken.None).ConfigureAwait(false);
        _memberRole = await HclJson.ParseModuleAsync(RepoRoot, Path.Combine(RootDirectory, "member-role"), CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void EnsureParsed() => Requirement.SkipUnless(_skipReason is null, _skipReason ?? "");
}
