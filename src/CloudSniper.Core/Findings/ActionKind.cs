namespace CloudSniper.Core.Findings;

/// <summary>The kind of activity a finding observed (GuardDuty's <c>service.action.actionType</c>).</summary>
public enum ActionKind
{
    Unknown,
    NetworkConnection,
    PortProbe,
    AwsApiCall,
    DnsRequest,
    KubernetesApiCall,
    RdsLoginAttempt,
    KubernetesPermissionChecked,
    KubernetesRoleBinding,
    KubernetesRole,
}
