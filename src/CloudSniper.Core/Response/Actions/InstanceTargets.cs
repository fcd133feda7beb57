using CloudSniper.Core.Findings;
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
            IReadOnlyDictionary<string, string> Build()
            {
                var p = System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                p["instance"] = instance.InstanceId;
                p["incident-id"] = context.IncidentIdOf(instance.InstanceId);
                p["finding-type"] = finding.Type.Raw;
                p["severity"] = finding.Severity.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (k, v) in parameters(instance))
                {
                    p[k] = v;
                }

                return p.ToImmutable();
            }

            context.Act(string.Concat(context.Action.Key, "|", finding.AccountId, "|", finding.Region, "|", instance.InstanceId), [instance.InstanceId], Build);
        }
    }
}
