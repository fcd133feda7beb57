namespace CloudSniper.Core.Runbook;

/// <summary>What kind of client made a call, from its user agent.</summary>
public enum UserAgentFamily
{
    /// <summary>No user agent recorded.</summary>
    None,

    /// <summary>An AWS service acting on the account's behalf (<c>*.amazonaws.com</c>, <c>AWS Internal</c>).</summary>
    AwsService,

    /// <summary>The AWS Management Console.</summary>
    Console,

    /// <summary>A web browser outside the console's own agents.</summary>
    Browser,

    /// <summary>The AWS CLI or AWS Tools for PowerShell.</summary>
    Cli,

    /// <summary>An AWS SDK (Boto3, botocore, aws-sdk-*).</summary>
    Sdk,

    /// <summary>Terraform or another HashiCorp tool.</summary>
    Terraform,

    /// <summary>Anything else: curl, scripts, attack tools.</summary>
    Other,
}
