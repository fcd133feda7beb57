namespace CloudSniper.Core.Runbook.Model;

/// <summary>One difference from the previous run: what kind, which item, and how it changed.</summary>
public sealed record ReportChange(string Kind, string Item, string Change);
