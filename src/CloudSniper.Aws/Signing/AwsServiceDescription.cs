namespace CloudSniper.Aws.Signing;

/// <summary>What the signed client needs to know about a service (from its botocore model's metadata).</summary>
public sealed record AwsServiceDescription(string ServiceId, string EndpointPrefix, string SigningName, string? GlobalSigningRegion = null)
{
    /// <summary>AWS WAFV2 (awsJson1.1, target prefix <c>AWSWAF_20190729</c>).</summary>
    public static AwsServiceDescription Wafv2 { get; } = new("WAFV2", "wafv2", "wafv2");

    /// <summary>IAM (awsQuery, version 2010-05-08, global endpoint signed for us-east-1).</summary>
    public static AwsServiceDescription Iam { get; } = new("IAM", "iam", "iam", "us-east-1");

    /// <summary>Service Quotas (awsJson1.1, target prefix <c>ServiceQuotasV20190624</c>; <c>AWS_ENDPOINT_URL_SERVICE_QUOTAS</c>).</summary>
    public static AwsServiceDescription ServiceQuotas { get; } = new("Service Quotas", "servicequotas", "servicequotas");

    /// <summary>SNS (awsQuery, version 2010-03-31).</summary>
    public static AwsServiceDescription Sns { get; } = new("SNS", "sns", "sns");
}
