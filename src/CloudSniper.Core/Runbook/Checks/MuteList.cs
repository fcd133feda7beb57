using System.Text.RegularExpressions;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>
/// Accepted risks: a text file, one rule a line, <c>CHECK_ID [ACCOUNT [REGION [RESOURCE]]] [# reason]</c>, each
/// field a pattern with <c>*</c> (omitted fields match anything). A FAIL that matches becomes MUTED.
/// </summary>
public sealed class MuteList(IReadOnlyList<MuteRule> rules)
{
    /// <summary>The rules.</summary>
    public IReadOnlyList<MuteRule> Rules { get; } = rules;

    /// <summary>An empty list.</summary>
    public static MuteList Empty { get; } = new([]);

    /// <summary>Parses the file format.</summary>
    public static MuteList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<MuteRule>();
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var reason = hash >= 0 ? raw[(hash + 1)..].Trim() : null;
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            rules.Add(new MuteRule(f[0], f.Length > 1 ? f[1] : "*", f.Length > 2 ? f[2] : "*", f.Length > 3 ? f[3] : "*", reason));
        }

        return new MuteList(rules);
    }

    /// <summary>The rule muting <paramref name="result"/>, or null.</summary>
    public MuteRule? Find(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Rules.FirstOrDefault(r => Like(r.CheckId, result.Id) && Like(r.Account, result.Account) && Like(r.Region, result.Region) && Like(r.Resource, result.Resource));
    }

    private static bool Like(string pattern, string? value) =>
        pattern == "*" || Regex.IsMatch(value ?? "", "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
