namespace CloudSniper.Core.Runbook.Posture;

/// <summary>
/// Gathers a <see cref="PostureSnapshot"/> from AWS (in the AWS project): every enabled region, in parallel with
/// bounded concurrency, optionally across accounts. A failed call becomes a <see cref="CollectionError"/>, never an exception.
/// </summary>
public interface IPostureCollector
{
    /// <summary>Collects the snapshot.</summary>
    Task<PostureSnapshot> CollectAsync(PostureCollectionOptions options, CancellationToken cancellationToken = default);
}
