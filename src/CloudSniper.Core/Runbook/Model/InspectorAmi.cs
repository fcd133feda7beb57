namespace CloudSniper.Core.Runbook.Model;

/// <summary>Inspector findings on instances of one AMI: how many, by severity, and the most frequent CVEs.</summary>
public sealed record InspectorAmi(string ImageId, int Findings, IReadOnlyDictionary<string, int> BySeverity, IReadOnlyList<CveCount> TopCves, IReadOnlyList<string> Instances);
