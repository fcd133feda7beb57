namespace CloudSniper.Aws.Signing;

/// <summary>The IAM operations the response engine and the IAM review need, over awsQuery (version 2010-05-08).</summary>
public sealed class IamClient(SignedAwsClient client)
{
    private const string Version = "2010-05-08";

    /// <summary>Sets an access key Active or Inactive.</summary>
    public Task UpdateAccessKeyAsync(string userName, string accessKeyId, string status, CancellationToken cancellationToken) =>
        client.QueryAsync("UpdateAccessKey", Version, [new("UserName", userName), new("AccessKeyId", accessKeyId), new("Status", status)], cancellationToken);

    /// <summary>Adds or replaces an inline role policy.</summary>
    public Task PutRolePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken cancellationToken) =>
        client.QueryAsync("PutRolePolicy", Version, [new("RoleName", roleName), new("PolicyName", policyName), new("PolicyDocument", policyDocument)], cancellationToken);

    /// <summary>Deletes an inline role policy.</summary>
    public Task DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken) =>
        client.QueryAsync("DeleteRolePolicy", Version, [new("RoleName", roleName), new("PolicyName", policyName)], cancellationToken);

    /// <summary>Starts (or finds) the account's credential report; returns its state: STARTED, INPROGRESS or COMPLETE.</summary>
    public async Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken)
    {
        var result = await client.QueryAsync("GenerateCredentialReport", Version, [], cancellationToken).ConfigureAwait(false);
        return result.Descendants().FirstOrDefault(e => e.Name.LocalName == "State")?.Value ?? "";
    }

    /// <summary>The credential report's CSV text (its base64 <c>Content</c> decoded) and when it was generated.</summary>
    public async Task<(string Csv, DateTimeOffset? Generated)> GetCredentialReportAsync(CancellationToken cancellationToken)
    {
        var result = await client.QueryAsync("GetCredentialReport", Version, [], cancellationToken).ConfigureAwait(false);
        var content = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Content")?.Value ?? "";
        var generated = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "GeneratedTime")?.Value;
        return (System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(content.Trim())),
            DateTimeOffset.TryParse(generated, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null);
    }

    /// <summary>One page of <c>GetAccountAuthorizationDetails</c>, from <paramref name="marker"/> (null for the first).</summary>
    public Task<System.Xml.Linq.XElement> GetAccountAuthorizationDetailsAsync(string? marker, CancellationToken cancellationToken) =>
        client.QueryAsync("GetAccountAuthorizationDetails", Version, marker is null ? [] : [new("Marker", marker)], cancellationToken);

    /// <summary>Every access key of <paramref name="userName"/> (all pages of <c>ListAccessKeys</c>).</summary>
    public async Task<IReadOnlyList<Iam.IamAccessKey>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken)
    {
        var keys = new List<Iam.IamAccessKey>();
        await PagesAsync("ListAccessKeys", [new("UserName", userName)], page =>
        {
            foreach (var m in Members(page, "AccessKeyMetadata"))
            {
                keys.Add(new Iam.IamAccessKey(Child(m, "UserName") ?? userName, Child(m, "AccessKeyId") ?? "", Child(m, "Status") ?? "", Time(Child(m, "CreateDate"))));
            }
        }, cancellationToken).ConfigureAwait(false);
        return keys;
    }

    /// <summary>When the key last signed a request (null: never, or not since IAM began tracking on 2015-04-22).</summary>
    public async Task<DateTimeOffset?> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var result = await client.QueryAsync("GetAccessKeyLastUsed", Version, [new("AccessKeyId", accessKeyId)], cancellationToken).ConfigureAwait(false);
        return Time(result.Descendants().FirstOrDefault(e => e.Name.LocalName == "LastUsedDate")?.Value);
    }

    /// <summary>Every tag of <paramref name="userName"/> (all pages of <c>ListUserTags</c>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListUserTagsAsync(string userName, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        await PagesAsync("ListUserTags", [new("UserName", userName)], page =>
        {
            foreach (var m in Members(page, "Tags"))
            {
                tags[Child(m, "Key") ?? ""] = Child(m, "Value") ?? "";
            }
        }, cancellationToken).ConfigureAwait(false);
        return tags;
    }

    /// <summary>The serial numbers of the MFA devices of <paramref name="userName"/> (all pages of <c>ListMFADevices</c>).</summary>
    public async Task<IReadOnlyList<string>> ListMfaDevicesAsync(string userName, CancellationToken cancellationToken)
    {
        var devices = new List<string>();
        await PagesAsync("ListMFADevices", [new("UserName", userName)], page => devices.AddRange(Members(page, "MFADevices").Select(m => Child(m, "SerialNumber") ?? "")), cancellationToken).ConfigureAwait(false);
        return devices;
    }

    /// <summary>The user's login profile; throws the NoSuchEntity error when the user has no console password.</summary>
    public async Task<Iam.IamLoginProfile> GetLoginProfileAsync(string userName, CancellationToken cancellationToken)
    {
        var result = await client.QueryAsync("GetLoginProfile", Version, [new("UserName", userName)], cancellationToken).ConfigureAwait(false);
        var profile = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "LoginProfile") ?? result;
        return new Iam.IamLoginProfile(Child(profile, "UserName") ?? userName, Time(Child(profile, "CreateDate")),
            string.Equals(Child(profile, "PasswordResetRequired"), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Removes the user's console password (<c>DeleteLoginProfile</c>).</summary>
    public Task DeleteLoginProfileAsync(string userName, CancellationToken cancellationToken) =>
        client.QueryAsync("DeleteLoginProfile", Version, [new("UserName", userName)], cancellationToken);

    /// <summary>Gives the user a console password (<c>CreateLoginProfile</c>).</summary>
    public Task CreateLoginProfileAsync(string userName, string password, bool passwordResetRequired, CancellationToken cancellationToken) =>
        client.QueryAsync("CreateLoginProfile", Version,
            [new("UserName", userName), new("Password", password), new("PasswordResetRequired", passwordResetRequired ? "true" : "false")], cancellationToken);

    // IAM pages with IsTruncated and Marker (IAM API Reference, "Common Parameters": Marker / MaxItems).
    private async Task PagesAsync(string operation, KeyValuePair<string, string>[] parameters, Action<System.Xml.Linq.XElement> read, CancellationToken cancellationToken)
    {
        string? marker = null;
        do
        {
            var page = await client.QueryAsync(operation, Version, marker is null ? parameters : [.. parameters, new("Marker", marker)], cancellationToken).ConfigureAwait(false);
            read(page);
            marker = string.Equals(page.Descendants().FirstOrDefault(e => e.Name.LocalName == "IsTruncated")?.Value, "true", StringComparison.OrdinalIgnoreCase)
                ? page.Descendants().FirstOrDefault(e => e.Name.LocalName == "Marker")?.Value
                : null;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    private static IEnumerable<System.Xml.Linq.XElement> Members(System.Xml.Linq.XElement page, string list) =>
        page.Descendants().Where(e => e.Name.LocalName == list).Take(1).SelectMany(l => l.Elements()).Where(e => e.Name.LocalName == "member");

    private static string? Child(System.Xml.Linq.XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
