namespace CloudSniper.Core.Findings;

/// <summary>A security group by id and name.</summary>
public sealed record SecurityGroupRef(string GroupId, string? GroupName);
