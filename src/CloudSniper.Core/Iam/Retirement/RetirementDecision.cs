namespace CloudSniper.Core.Iam.Retirement;

/// <summary>What the retirement playbook does with a check's findings.</summary>
public enum RetirementDecision
{
    /// <summary>Tell the owner (or the team channel) once; never change the credential.</summary>
    Notify,

    /// <summary>Tell the owner, then after the grace period deactivate the key or remove the password (undoable).</summary>
    Retire,

    /// <summary>Neither notify nor retire: the finding stays in the review only.</summary>
    Ignore,
}
