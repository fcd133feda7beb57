using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>True when its operand is not.</summary>
internal sealed class NotNode(ConditionNode operand) : ConditionNode
{
    public override bool Evaluate(CloudTrailRecord record) => !operand.Evaluate(record);

    public override HashSet<string>? RequiredEventNames() => null;
}
