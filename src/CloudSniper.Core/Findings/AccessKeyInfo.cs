namespace CloudSniper.Core.Findings;

/// <summary>An affected access key and its principal (<c>UserType</c>: IAMUser, AssumedRole, Root, Role, FederatedUser).</summary>
public sealed record AccessKeyInfo(string? AccessKeyId, string? PrincipalId, string? UserName, string? UserType);
