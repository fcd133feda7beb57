using CloudSniper.Core.Net;

namespace CloudSniper.Core.Response.Guards;

/// <summary>Reads allow-listed CIDR blocks: one address or block a line, <c>#</c> starts a comment.</summary>
public static class AllowList
{
    /// <summary>Parses lines; every bad line is reported as <c>source:line: reason</c> and skipped.</summary>
    public static (IReadOnlyList<IpNetwork> Networks, IReadOnlyList<string> Errors) Parse(TextReader reader, string source)
    {
        var networks = new List<IpNetwork>();
        var errors = new List<string>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var text = (hash >= 0 ? line[..hash] : line).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (IpNetwork.TryParse(text, out var n))
            {
                networks.Add(n.Value);
            }
            else
            {
                errors.Add($"{source}:{lineNo}: '{text}' is not an IP address or CIDR block");
            }
        }

        return (networks, errors);
    }
}
