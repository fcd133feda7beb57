namespace CloudSniper.Core.Runbook.Model;

/// <summary>The Inspector review.</summary>
public sealed record InspectorSection
{
    public int Findings { get; init; }

    public IReadOnlyDictionary<string, int> BySeverity { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<InspectorAmi> ByAmi { get; init; } = [];

    /// <summary>Findings on resources that are not EC2 instances with an AMI (ECR images, Lambda functions).</summary>
    public int WithoutAmi { get; init; }
}
