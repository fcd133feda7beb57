using System.Text.RegularExpressions;

namespace CloudSniper.Core.Access;

/// <summary>Rules for key names and account scopes.</summary>
public static partial class ApiKeyNames
{
    /// <summary>1–64 letters, digits, dot, dash or underscore, starting with a letter or digit.</summary>
    public static bool IsValid(string name) => NamePattern().IsMatch(name);

    /// <summary>An AWS account id: twelve digits.</summary>
    public static bool IsAccountId(string account) => AccountPattern().IsMatch(account);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();
}
