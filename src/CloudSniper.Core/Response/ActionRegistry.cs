using System.Collections.Immutable;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response;

/// <summary>The registry of response actions by stable key. Registered explicitly; nothing is discovered by reflection.</summary>
public sealed class ActionRegistry
{
    private readonly Dictionary<string, ResponseAction> _byKey;

    /// <summary>Creates a registry over <paramref name="actions"/>; keys must be unique.</summary>
    public ActionRegistry(IEnumerable<ResponseAction> actions)
    {
        All = actions.ToList();
        _byKey = new Dictionary<string, ResponseAction>(StringComparer.Ordinal);
        foreach (var action in All)
        {
            if (!_byKey.TryAdd(action.Key, action))
            {
                throw new ArgumentException($"action key '{action.Key}' is registered twice", nameof(actions));
            }
        }
    }

    /// <summary>Every built-in action.</summary>
    public static ActionRegistry Default { get; } = new(
    [
        new BlockIpInWaf(),
        new BlockIpInNetworkAcl(),
        new TagResources(),
        new IsolateInstance(),
        new SnapshotVolumes(),
        new DeactivateAccessKey(),
        new RevokeRoleSessions(),
        new TagOwner(),
        new NotifySlack(),
        new NotifySns(),
        new NotifyWebhook(),
        new RetireAccessKey(),
        new RetireLoginProfile(),
        new NotifyCredentialOwner(),
    ]);

    /// <summary>Every action, in registration order.</summary>
    public IReadOnlyList<ResponseAction> All { get; }

    /// <summary>The action with a key, or null.</summary>
    public ResponseAction? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The parameters as printers may show them: every parameter declared secret shows <see cref="ActionParameter.Redacted"/>.</summary>
    public ImmutableSortedDictionary<string, string> Redact(string actionKey, ImmutableSortedDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var secret = Find(actionKey)?.Parameters.Where(p => p.Secret).Select(p => p.Name).Where(parameters.ContainsKey).ToList() ?? [];
        return secret.Aggregate(parameters, (current, name) => current.SetItem(name, ActionParameter.Redacted));
    }

    /// <summary>A copy of <paramref name="plan"/> for printing, with every secret parameter redacted.</summary>
    public ResponsePlan Redact(ResponsePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan with { Actions = [.. plan.Actions.Select(a => a with { Parameters = Redact(a.ActionKey, a.Parameters) })] };
    }
}
