using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>A reference to a named search.</summary>
internal sealed class SearchNode(SearchIdentifier search) : ConditionNode
{
    public override bool Evaluate(CloudTrailRecord record) => search.Matches(record);

    public override HashSet<string>? RequiredEventNames() => search.RequiredEventNames();
}
