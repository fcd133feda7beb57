using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Plans an instance-level action once per affected instance, skipping findings that name none.</summary>
internal static class InstanceTargets
{
    public static void Plan(ActionPlanningContext context, Func<InstanceInfo, IEnumerable<KeyValuePair<string, string>>> parameters)
    {
        var finding = context.Finding;
        if (finding.AccountId is null || finding.Region is null)
        {
            context.Skip("the finding names no account or region");
            return;
        }

        if (finding.Instances.IsEmpty)
        {
            context.Skip("the finding names no instance");
            return;
        }

        foreach (var instance in finding.Instances)
        {
            var p = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["instance"] = instance.InstanceId,
                ["incident-id"] = Incident.IdFor(IncidentKind.Resource, "Instance:" + instance.InstanceId),
                ["finding-type"] = finding.Type.Raw,
                ["severity"] = finding.Severity.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var (k, v) in parameters(instance))
            {
                p[k] = v;
            }

            context.Act($"{context.Action.Key}|{finding.AccountId}|{finding.Region}|{instance.InstanceId}", [instance.InstanceId], System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, p));
        }
    }
}
