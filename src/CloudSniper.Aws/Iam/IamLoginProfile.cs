namespace CloudSniper.Aws.Iam;

/// <summary>A user's console password as <c>GetLoginProfile</c> describes it (the password itself is never returned).</summary>
public sealed record IamLoginProfile(string UserName, DateTimeOffset? CreateDate, bool PasswordResetRequired);
