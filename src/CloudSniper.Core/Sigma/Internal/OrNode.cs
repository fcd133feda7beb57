using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>True when at least <see cref="Minimum"/> operands are (one for <c>or</c> and <c>1 of</c>, all for <c>all of</c>).</summary>
internal sealed class OrNode(IReadOnlyList<ConditionNode> operands, int minimum = 1) : ConditionNode
{
    public int Minimum { get; } = minimum;

    public override bool Evaluate(CloudTrailRecord record)
    {
        var hits = 0;
        for (var i = 0; i < operands.Count; i++)
        {
            if (operands[i].Evaluate(record) && ++hits >= Minimum)
            {
                return true;
            }

            if (hits + (operands.Count - i - 1) < Minimum)
            {
                return false;
            }
        }

        return false;
    }

    public override HashSet<string>? RequiredEventNames()
    {
        if (Minimum >= operands.Count && operands.Count > 0)
        {
            return new AndNode(operands).RequiredEventNames();
        }

        var union = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in operands)
        {
            var names = o.RequiredEventNames();
            if (names is null)
            {
                return null;
            }

            union.UnionWith(names);
        }

        return union;
    }
}
