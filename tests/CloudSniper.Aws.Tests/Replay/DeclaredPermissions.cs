using CloudSniper.Core.Response;

namespace CloudSniper.Aws.Tests.Replay;

/// <summary>Checks that every AWS operation an executor called is among the IAM permissions its action declares.</summary>
internal static class DeclaredPermissions
{
    private static readonly Dictionary<string, string> ServiceOf = new(StringComparer.Ordinal)
    {
        ["AWSWAF_20190729"] = "wafv2",
        ["ec2"] = "ec2",
        ["iam"] = "iam",
        ["sns"] = "sns",
        ["ServiceQuotasV20190624"] = "servicequotas",
    };

    public static void AssertCovered(ReplayHandler replay, string actionKey)
    {
        var action = ActionRegistry.Default.Find(actionKey)!;
        foreach (var request in replay.Requests)
        {
            var service = request.Headers.TryGetValue("X-Amz-Target", out var target)
                ? ServiceOf[target.Split('.')[0]]
                : ServiceOf[request.Uri.Host.Split('.')[0]];
            var permission = service + ":" + request.Operation;
            Assert.True(action.Permissions.Contains(permission), $"{actionKey} called {permission} but does not declare it");
        }
    }
}
