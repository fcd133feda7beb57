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
}
