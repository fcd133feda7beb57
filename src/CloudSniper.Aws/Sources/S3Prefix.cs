using System.Diagnostics.CodeAnalysis;

namespace CloudSniper.Aws.Sources;

/// <summary>A bucket and key prefix parsed from <c>s3://bucket/prefix</c>.</summary>
public sealed record S3Prefix(string Bucket, string Prefix)
{
    /// <summary>Parses an <c>s3://</c> URI; the prefix may be empty.</summary>
    public static bool TryParse(string uri, [NotNullWhen(true)] out S3Prefix? location)
    {
        location = null;
        if (!uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length is < 3 or > 63)
        {
            return false;
        }

        location = new S3Prefix(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"s3://{Bucket}/{Prefix}";
}
