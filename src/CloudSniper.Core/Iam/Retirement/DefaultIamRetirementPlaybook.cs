namespace CloudSniper.Core.Iam.Retirement;

/// <summary>The built-in retirement playbook, embedded in the assembly.</summary>
public static class DefaultIamRetirementPlaybook
{
    /// <summary>The source name the built-in playbook reports.</summary>
    public const string Source = "builtin:iam-retirement";

    private const string ResourceName = "CloudSniper.Core.Iam.Retirement.iam-retirement.yaml";

    /// <summary>The YAML text of the built-in playbook.</summary>
    public static string Text()
    {
        using var stream = typeof(DefaultIamRetirementPlaybook).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("the IAM retirement playbook is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads and validates the built-in playbook.</summary>
    public static IamRetirementPlaybook Load()
    {
        var result = IamRetirementPlaybookLoader.Load(Text(), Source);
        return result.Playbook ?? throw new InvalidOperationException("the built-in IAM retirement playbook is invalid: " + string.Join("; ", result.Errors));
    }
}
