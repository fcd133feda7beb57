namespace CloudSniper.Core.CloudTrail;

/// <summary>The fields the review reads from every record, registered first (in this order) so their ids are constants.</summary>
public static class StandardFields
{
    public const int EventSource = 0;
    public const int EventName = 1;
    public const int EventTime = 2;
    public const int Timestamp = 3;
    public const int EventId = 4;
    public const int EventType = 5;
    public const int UserAgent = 6;
    public const int SourceIp = 7;
    public const int ErrorCode = 8;
    public const int ReadOnly = 9;
    public const int AwsRegion = 10;
    public const int RecipientAccountId = 11;
    public const int IdentityType = 12;
    public const int IdentityArn = 13;
    public const int IdentityUserName = 14;
    public const int IdentityInvokedBy = 15;
    public const int SessionIssuerArn = 16;
    public const int SessionIssuerType = 17;
    public const int MfaAuthenticated = 18;
    public const int ConsoleLoginResult = 19;
    public const int MfaUsed = 20;
    public const int SessionCredentialFromConsole = 21;
    public const int IdentityAccountId = 22;
    public const int IdentityPrincipalId = 23;

    /// <summary>A new field set holding the standard fields under the constant ids above; add rule fields after.</summary>
    public static CloudTrailFieldSet Create()
    {
        var set = new CloudTrailFieldSet();
        Check(set.Register("eventSource", pooled: true), EventSource);
        Check(set.Register("eventName", pooled: true), EventName);
        Check(set.Register("eventTime"), EventTime);
        Check(set.Register("@timestamp"), Timestamp);
        Check(set.Register("eventID"), EventId);
        Check(set.Register("eventType", pooled: true), EventType);
        Check(set.Register("userAgent", pooled: true), UserAgent);
        Check(set.Register("sourceIPAddress", pooled: true), SourceIp);
        Check(set.Register("errorCode", pooled: true), ErrorCode);
        Check(set.Register("readOnly", pooled: true), ReadOnly);
        Check(set.Register("awsRegion", pooled: true), AwsRegion);
        Check(set.Register("recipientAccountId", pooled: true), RecipientAccountId);
        Check(set.Register("userIdentity.type", pooled: true), IdentityType);
        Check(set.Register("userIdentity.arn", pooled: true), IdentityArn);
        Check(set.Register("userIdentity.userName", pooled: true), IdentityUserName);
        Check(set.Register("userIdentity.invokedBy", pooled: true), IdentityInvokedBy);
        Check(set.Register("userIdentity.sessionContext.sessionIssuer.arn", pooled: true), SessionIssuerArn);
        Check(set.Register("userIdentity.sessionContext.sessionIssuer.type", pooled: true), SessionIssuerType);
        Check(set.Register("userIdentity.sessionContext.attributes.mfaAuthenticated", pooled: true), MfaAuthenticated);
        Check(set.Register("responseElements.ConsoleLogin", pooled: true), ConsoleLoginResult);
        Check(set.Register("additionalEventData.MFAUsed", pooled: true), MfaUsed);
        Check(set.Register("sessionCredentialFromConsole", pooled: true), SessionCredentialFromConsole);
        Check(set.Register("userIdentity.accountId", pooled: true), IdentityAccountId);
        Check(set.Register("userIdentity.principalId", pooled: true), IdentityPrincipalId);
        return set;
    }

    private static void Check(int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"standard field registered as {actual}, expected {expected}");
        }
    }
}
