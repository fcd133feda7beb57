namespace CloudSniper.Core.Findings;

/// <summary>
/// Any affected resource by kind and id (Instance, AccessKey, S3Bucket, EksCluster, KubernetesWorkload,
/// EcsCluster, EcsTask, Container, LambdaFunction, RdsDbInstance, RdsDbUser, EbsVolume, …).
/// Incidents group findings on <see cref="Key"/>.
/// </summary>
public sealed record ResourceRef(string Kind, string Id, string? Arn = null, string? Name = null)
{
    /// <summary>The stable grouping key, <c>Kind:Id</c>.</summary>
    public string Key => Kind + ":" + Id;
}
