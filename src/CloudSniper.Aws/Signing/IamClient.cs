namespace CloudSniper.Aws.Signing;

/// <summary>The IAM operations the response engine needs, over awsQuery (version 2010-05-08).</summary>
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
}
