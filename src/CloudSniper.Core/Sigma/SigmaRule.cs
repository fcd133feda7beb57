using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Sigma.Internal;

namespace CloudSniper.Core.Sigma;

/// <summary>A compiled Sigma rule for CloudTrail: its metadata and a matcher over records.</summary>
public sealed class SigmaRule
{
    private readonly ConditionNode _condition;

    internal SigmaRule(string id, string title, string level, string? status, string? description, IReadOnlyList<string> tags, string path, ConditionNode condition)
    {
        Id = id;
        Title = title;
        Level = level;
        Status = status;
        Description = description;
        Tags = tags;
        Path = path;
        _condition = condition;
        RequiredEventNames = condition.RequiredEventNames();
    }

    /// <summary>The rule's <c>id</c> (the file name when it has none).</summary>
    public string Id { get; }

    public string Title { get; }

    /// <summary>informational, low, medium, high or critical.</summary>
    public string Level { get; }

    public string? Status { get; }

    public string? Description { get; }

    public IReadOnlyList<string> Tags { get; }

    /// <summary>The file the rule came from.</summary>
    public string Path { get; }

    /// <summary>When the condition can only hold for some event names, those names (case-insensitive); else null.</summary>
    public IReadOnlySet<string>? RequiredEventNames { get; }

    /// <summary>Whether the rule matches <paramref name="record"/>.</summary>
    public bool Matches(CloudTrailRecord record) => _condition.Evaluate(record);
}
