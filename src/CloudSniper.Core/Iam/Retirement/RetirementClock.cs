namespace CloudSniper.Core.Iam.Retirement;

/// <summary>Keys of the retirement clock and of findings in plans.</summary>
public static class RetirementClock
{
    /// <summary>
    /// The credential a finding is about: account, user, check and key (its id when known, else 1 or 2), joined by <c>|</c>.
    /// One clock per finding, so a notify-only finding is notified once and a retirement waits for its own notice.
    /// </summary>
    public static string Key(IamFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var key = finding.KeyId ?? finding.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return $"{finding.Account ?? ""}|{finding.User}|{finding.Check}|{key}";
    }

    /// <summary>The id of a finding in plans and audit entries: <c>iam:</c> and its credential key.</summary>
    public static string FindingId(IamFinding finding) => "iam:" + Key(finding);

    /// <summary>The key of a user's tags: account and user name.</summary>
    public static string UserKey(string? account, string user) => $"{account ?? ""}|{user}";
}
