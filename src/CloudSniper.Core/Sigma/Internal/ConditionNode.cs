using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>A node of a compiled Sigma condition.</summary>
internal abstract class ConditionNode
{
    public abstract bool Evaluate(CloudTrailRecord record);

    /// <summary>The event names the node can be true for, when that set is known; null when any event might match.</summary>
    public abstract HashSet<string>? RequiredEventNames();
}
