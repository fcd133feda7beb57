namespace CloudSniper.Aws.Signing;

/// <summary>
/// Reads the endpoint settings of the shared AWS config file (<c>AWS_CONFIG_FILE</c>, else <c>~/.aws/config</c>) for
/// the active profile (<c>AWS_PROFILE</c>, else <c>default</c>): <c>ignore_configured_endpoint_urls</c>, the
/// service-specific <c>endpoint_url</c> of the profile's <c>services</c> section, and the profile's own
/// <c>endpoint_url</c>.
/// </summary>
public static class SharedConfigEndpoints
{
    /// <summary>What the active profile says about endpoints for <paramref name="serviceId"/>.</summary>
    public static (string? ServiceEndpoint, string? ProfileEndpoint, bool Ignore) Read(string serviceId, Func<string, string?> environment)
    {
        var path = environment("AWS_CONFIG_FILE");
        if (string.IsNullOrEmpty(path))
        {
            var home = environment("HOME") ?? environment("USERPROFILE");
            if (string.IsNullOrEmpty(home))
            {
                return (null, null, false);
            }

            path = Path.Combine(home, ".aws", "config");
        }

        if (!File.Exists(path))
        {
            return (null, null, false);
        }

        var sections = Parse(File.ReadAllLines(path));
        var profileName = environment("AWS_PROFILE") is { Length: > 0 } p ? p : "default";
        if (!sections.TryGetValue(profileName == "default" ? "default" : "profile " + profileName, out var profile) &&
            !(profileName == "default" && sections.TryGetValue("profile default", out profile)))
        {
            return (null, null, false);
        }

        var ignore = profile.TryGetValue("ignore_configured_endpoint_urls", out var i) && string.Equals(i.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        string? serviceEndpoint = null;
        if (profile.TryGetValue("services", out var servicesName) && sections.TryGetValue("services " + servicesName.Trim(), out var services))
        {
            var key = serviceId.Trim().Replace(' ', '_').ToLowerInvariant() + ".endpoint_url";
            serviceEndpoint = services.GetValueOrDefault(key);
        }

        return (serviceEndpoint, profile.GetValueOrDefault("endpoint_url"), ignore);
    }

    /// <summary>
    /// Parses an INI-style AWS config file into sections of keys; a key with an empty value opens a nested block whose
    /// indented keys become <c>parent.key</c>.
    /// </summary>
    public static Dictionary<string, Dictionary<string, string>> Parse(IEnumerable<string> lines)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? parent = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith(';'))
            {
                continue;
            }

            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                var name = string.Join(' ', trimmed[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                current = sections.TryGetValue(name, out var existing) ? existing : sections[name] = new Dictionary<string, string>(StringComparer.Ordinal);
                parent = null;
                continue;
            }

            var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (current is null || eq <= 0)
            {
                continue;
            }

            var key = trimmed[..eq].Trim();
            var value = trimmed[(eq + 1)..].Trim();
            var indented = char.IsWhiteSpace(line[0]);
            if (indented && parent is not null)
            {
                current[parent + "." + key] = value;
            }
            else if (value.Length == 0)
            {
                parent = key;
            }
            else
            {
                parent = null;
                current[key] = value;
            }
        }

        return sections;
    }
}
