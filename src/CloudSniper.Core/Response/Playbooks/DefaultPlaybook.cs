namespace CloudSniper.Core.Response.Playbooks;

/// <summary>The built-in default playbook, embedded in the assembly.</summary>
public static class DefaultPlaybook
{
    /// <summary>The source name the default playbook reports in errors and plans.</summary>
    public const string Source = "builtin:default";

    private const string ResourceName = "CloudSniper.Core.Response.Playbooks.default.yaml";

    /// <summary>The YAML text of the default playbook.</summary>
    public static string Text()
    {
        using var stream = typeof(DefaultPlaybook).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("the default playbook is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads and validates the default playbook against <paramref name="registry"/>.</summary>
    public static Playbook Load(ActionRegistry registry)
    {
        var result = new PlaybookLoader(registry).Load(Text(), Source);
        return result.Playbook ?? throw new InvalidOperationException("the default playbook is invalid: " + string.Join("; ", result.Errors));
    }
}
