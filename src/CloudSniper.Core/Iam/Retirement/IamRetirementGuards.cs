using System.Text.RegularExpressions;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>The guards of retirement: never the root user, never an exempt user.</summary>
public static class IamRetirementGuards
{
    /// <summary>The credential report's name for the root user.</summary>
    public const string RootUser = "<root_account>";

    /// <summary>True for the root user, whatever the playbook says: its credentials are never changed.</summary>
    /// <remarks>
    /// IAM User Guide, "Root user best practices": root access keys can only be managed by signing in as root, and
    /// UpdateAccessKey/DeleteLoginProfile act on IAM users; the product therefore never tries, and only notifies.
    /// </remarks>
    public static bool IsRoot(string user) =>
        string.Equals(user, RootUser, StringComparison.Ordinal) || user.EndsWith(":root", StringComparison.Ordinal);

    /// <summary>Why <paramref name="user"/> is exempt under <paramref name="playbook"/>, or null.</summary>
    /// <remarks>
    /// Names compare case-insensitively: IAM User Guide, "IAM object quotas and names": user names are not distinguished
    /// by case, so <c>Break-Glass-1</c> and <c>break-glass-1</c> are the same user.
    /// </remarks>
    public static string? ExemptReason(IamRetirementPlaybook playbook, string user, IReadOnlyDictionary<string, string>? tags)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        if (playbook.ExemptUsers.Any(u => string.Equals(u, user, StringComparison.OrdinalIgnoreCase)))
        {
            return $"user {user} is on the exemption list";
        }

        if (playbook.ExemptPatterns.FirstOrDefault(p => Glob(p).IsMatch(user)) is { } pattern)
        {
            return $"user {user} matches the exempt pattern {pattern}";
        }

        if (tags is not null)
        {
            foreach (var (key, value) in playbook.ExemptTags)
            {
                if (tags.TryGetValue(key, out var actual) && (value == "*" || string.Equals(actual, value, StringComparison.OrdinalIgnoreCase)))
                {
                    return $"user {user} is tagged {key}={actual}";
                }
            }
        }

        return null;
    }

    // Patterns are few and reused for every finding: compiling each once keeps a 10,000-user plan from building 20,000 regexes.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Globs = new(StringComparer.Ordinal);

    private static Regex Glob(string pattern) => Globs.GetOrAdd(pattern, NewGlob);

    private static Regex NewGlob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
