namespace CloudSniper.Core.Iam.Retirement;

/// <summary>Where owner notifications are sent: nowhere but the audit log, a Slack incoming webhook or an SNS topic.</summary>
public enum RetirementChannel
{
    /// <summary>No channel: the plan output and the audit log carry the notice.</summary>
    None,

    /// <summary>A Slack incoming webhook (<c>url</c>, <c>${NAME}</c> read from the environment when sending).</summary>
    Slack,

    /// <summary>An SNS topic (<c>topic-arn</c>).</summary>
    Sns,
}
