namespace CloudSniper.Core.Response.Playbooks;

/// <summary>
/// A finding-type pattern: <c>*</c> matches any run of characters, <c>?</c> one character, everything else itself
/// (case-insensitive), e.g. <c>UnauthorizedAccess:EC2/*BruteForce</c> or <c>Recon:EC2/Port*</c>.
/// </summary>
public sealed record TypePattern(string Text)
{
    /// <summary>True when <paramref name="type"/> matches the whole pattern.</summary>
    public bool IsMatch(ReadOnlySpan<char> type)
    {
        var pattern = Text.AsSpan();
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < type.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(type[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
