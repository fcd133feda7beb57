namespace CloudSniper.Core.Response.Playbooks;

/// <summary>A validation error in a playbook file, with its 1-based line and column.</summary>
public sealed record PlaybookError(string Source, int Line, int Column, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Source}:{Line}:{Column}: {Message}";
}
