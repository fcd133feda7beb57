using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace CloudSniper.Core.Response;

/// <summary>
/// Which environment variables <c>${NAME}</c> in a notification URL may read: the names in
/// <c>response.urlVariables</c>, or by default any <c>SNIPER_*</c> name without SECRET, KEY, TOKEN or PASSWORD in it;
/// <c>AWS_*</c> never, so a playbook cannot send the caller's credentials to a URL.
/// </summary>
public sealed partial class UrlVariablePolicy(ImmutableArray<string> allowed)
{
    private static readonly string[] SecretWords = ["SECRET", "KEY", "TOKEN", "PASSWORD"];

    /// <summary>The default policy (no <c>response.urlVariables</c> configured).</summary>
    public static UrlVariablePolicy Default { get; } = new([]);

    /// <summary>The configured names; empty for the default rule.</summary>
    public ImmutableArray<string> Allowed { get; } = allowed.IsDefault ? [] : allowed;

    /// <summary>True when no configuration can allow <paramref name="name"/> (an AWS_* variable).</summary>
    public static bool IsNeverAllowed(string name) => name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <c>${<paramref name="name"/>}</c> may be expanded in a URL.</summary>
    public bool Allows(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsNeverAllowed(name))
        {
            return false;
        }

        return Allowed.Length > 0
            ? Allowed.Contains(name, StringComparer.Ordinal)
            : name.StartsWith("SNIPER_", StringComparison.Ordinal) && !SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The <c>${NAME}</c> references in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> References(string text) => [.. VariableRegex().Matches(text).Select(m => m.Groups[1].Value)];

    /// <summary>Why <paramref name="text"/> may not be expanded, or null when every reference is allowed.</summary>
    public string? Refusal(string text)
    {
        var refused = References(text).Where(n => !Allows(n)).Distinct(StringComparer.Ordinal).ToList();
        if (refused.Count == 0)
        {
            return null;
        }

        var rule = Allowed.Length > 0 ? "only the names in response.urlVariables" : "only SNIPER_* variables without SECRET, KEY, TOKEN or PASSWORD in the name (or the names in response.urlVariables)";
        return $"${{{refused[0]}}} may not be expanded in a URL: {rule} are allowed, AWS_* never";
    }

    /// <summary>Replaces every allowed <c>${NAME}</c> with the variable (empty when unset); throws when one is refused.</summary>
    public string Expand(string text, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Refusal(text) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        return VariableRegex().Replace(text, m => environment(m.Groups[1].Value) ?? "");
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariableRegex();
}
