namespace CloudSniper.Core.Response.Guards;

/// <summary>The stable names of the guards, as they appear in plans, audit entries and <c>playbooks explain</c>.</summary>
public static class GuardKeys
{
    public const string SpecialRange = "special-range";
    public const string OwnAddress = "own-address";
    public const string AwsServiceRange = "aws-service-range";
    public const string AllowList = "allow-list";
    public const string SampleFinding = "sample-finding";
    public const string Archived = "archived";
    public const string MinSeverity = "min-severity";
    public const string BlastRadius = "blast-radius";
    public const string Precondition = "precondition";
    public const string Approval = "approval";
}
