using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>True when every operand is.</summary>
internal sealed class AndNode(IReadOnlyList<ConditionNode> operands) : ConditionNode
{
    public override bool Evaluate(CloudTrailRecord record)
    {
        foreach (var o in operands)
        {
            if (!o.Evaluate(record))
            {
                return false;
            }
        }

        return true;
    }

    public override HashSet<string>? RequiredEventNames()
    {
        HashSet<string>? best = null;
        foreach (var o in operands)
        {
            var names = o.RequiredEventNames();
            if (names is not null && (best is null || names.Count < best.Count))
            {
                best = names;
            }
        }

        return best;
    }
}
