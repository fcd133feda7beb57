using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response;

/// <summary>
/// A registered playbook action: what it declares (key, description, NIST phase, parameters, IAM permissions,
/// dry-run behaviour) and how it plans its work for one finding. Planning is pure; executors in the AWS project do
/// the work.
/// </summary>
public abstract class ResponseAction
{
    /// <summary>The stable key used in playbooks (<c>waf-block</c>, <c>nacl-block</c>, …).</summary>
    public abstract string Key { get; }

    /// <summary>One sentence for <c>sniper playbooks list</c> and the schema.</summary>
    public abstract string Description { get; }

    /// <summary>The NIST SP 800-61 phase the action belongs to unless a playbook says otherwise.</summary>
    public abstract NistPhase Phase { get; }

    /// <summary>The parameters a playbook may give.</summary>
    public abstract IReadOnlyList<ActionParameter> Parameters { get; }

    /// <summary>The IAM actions the executor calls (for <c>sniper iam-policy</c>).</summary>
    public abstract IReadOnlyList<string> Permissions { get; }

    /// <summary>What a dry run (observe or plan mode) reports instead of acting.</summary>
    public abstract string DryRun { get; }

    /// <summary>True when <c>sniper undo</c> can reverse the action.</summary>
    public virtual bool Undoable => false;

    /// <summary>True for actions that put addresses on a block list with a time to live.</summary>
    public virtual bool Blocks => false;

    /// <summary>True for notifications, which run after every other action of a plan so they can report results.</summary>
    public virtual bool Notifies => false;

    /// <summary>Plans the action for <see cref="ActionPlanningContext.Finding"/>: adds targets or records why it is skipped.</summary>
    public abstract void Plan(ActionPlanningContext context);
}
