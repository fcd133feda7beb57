namespace CloudSniper.Aws.Iam;

/// <summary>One access key as <c>ListAccessKeys</c> returns it.</summary>
public sealed record IamAccessKey(string UserName, string AccessKeyId, string Status, DateTimeOffset? CreateDate);
