using System.Globalization;
using System.Text.RegularExpressions;
using CloudSniper.Aws.Sources;

namespace CloudSniper.Aws.Dns;

/// <summary>
/// The S3 layout Route 53 Resolver query logging delivers to, <c>AWSLogs/&lt;account&gt;/vpcdnsquerylogs/&lt;vpc-id&gt;/YYYY/MM/DD/</c>:
/// a prefix down to the VPC is narrowed to the days of the analysed window, so that only those objects are listed.
/// </summary>
public static partial class DnsQueryLogS3Layout
{
    /// <summary>The prefixes to list for <paramref name="location"/> and the window; the location itself when it is not a VPC prefix or the window is open.</summary>
    public static IReadOnlyList<S3Prefix> Prefixes(S3Prefix location, DateTimeOffset? since, DateTimeOffset? until)
    {
        ArgumentNullException.ThrowIfNull(location);
        var prefix = location.Prefix.EndsWith('/') || location.Prefix.Length == 0 ? location.Prefix : location.Prefix + "/";
        if (since is null || until is null || !VpcPrefix().IsMatch(prefix))
        {
            return [location];
        }

        var list = new List<S3Prefix>();
        for (var day = since.Value.UtcDateTime.Date; day <= until.Value.UtcDateTime.Date; day = day.AddDays(1))
        {
            list.Add(location with { Prefix = prefix + day.ToString("yyyy/MM/dd/", CultureInfo.InvariantCulture) });
        }

        return list;
    }

    [GeneratedRegex(@"(^|/)AWSLogs/(o-[a-z0-9]+/)?\d{12}/vpcdnsquerylogs/vpc-[0-9a-f]+/$", RegexOptions.CultureInvariant)]
    private static partial Regex VpcPrefix();
}
