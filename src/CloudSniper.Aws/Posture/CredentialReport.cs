using System.Globalization;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Aws.Posture;

/// <summary>Reads the root row (<c>&lt;root_account&gt;</c>) of an IAM credential report (CSV).</summary>
public static class CredentialReport
{
    /// <summary>The root row's MFA, key and last-use columns; null when the report has no root row.</summary>
    public static RootCredentials? Root(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            return null;
        }

        var header = lines[0].Split(',');
        var row = lines.Skip(1).Select(l => l.Split(',')).FirstOrDefault(c => c.Length > 0 && c[0] == "<root_account>");
        if (row is null)
        {
            return null;
        }

        string? Col(string name)
        {
            var i = System.Array.IndexOf(header, name);
            return i >= 0 && i < row.Length ? row[i] : null;
        }

        DateTimeOffset? Time(string name) =>
            DateTimeOffset.TryParse(Col(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

        return new RootCredentials
        {
            MfaActive = Col("mfa_active") == "true",
            AccessKey1Active = Col("access_key_1_active") == "true",
            AccessKey2Active = Col("access_key_2_active") == "true",
            PasswordLastUsed = Time("password_last_used"),
            AccessKey1LastUsed = Time("access_key_1_last_used_date"),
            AccessKey2LastUsed = Time("access_key_2_last_used_date"),
        };
    }
}
