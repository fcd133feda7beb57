using System.Text;
using System.Text.Unicode;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Helpers shared by the line-based feed parsers (CSV, plain lists).</summary>
internal static class FeedText
{
    /// <summary>Indicator types a feed may list that are not addresses, names or URLs: skipped, not errors.</summary>
    public static readonly HashSet<string> OtherTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "md5", "sha1", "sha256", "sha512", "hash", "filehash", "file", "filename", "file-name", "email", "email-addr", "email-address",
        "mutex", "registry", "regkey", "ja3", "ssdeep", "imphash", "asn", "cve", "yara", "user-agent", "useragent",
    };

    /// <summary>Decodes a line, or returns the error for a line that is not UTF-8 (or was skipped by the splitter).</summary>
    public static string? Decode(TextLine line, string source, out RecordError? error)
    {
        error = null;
        if (line.Error is { } reason)
        {
            error = new RecordError(source, line.Line, line.Offset, reason);
            return null;
        }

        var data = line.Data.Span;
        if (!Utf8.IsValid(data))
        {
            var bad = RecordGuard.FirstInvalidUtf8(data);
            error = new RecordError(source, line.Line, line.Offset + bad, "invalid UTF-8 byte sequence");
            return null;
        }

        return Encoding.UTF8.GetString(data);
    }

    /// <summary>The error for an input with no content at all.</summary>
    public static RecordError Empty(string source) => new(source, null, 0, "empty document");
}
