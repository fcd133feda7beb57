using System.Text.RegularExpressions;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Core.Tests.Jobs;

/// <summary>A walk of the job registry: every job declares a parseable default schedule, a lease, and well-formed permissions.</summary>
public sealed partial class JobRegistryTests
{
    [Fact]
    public void EveryJob_DeclaresAParseableScheduleALeaseAndWellFormedPermissions()
    {
        Assert.Equal(["block-expiry", "runbook", "beacons", "ip-ranges", "kb-ttl", "iam-review", "dns"], JobRegistry.Default.All.Select(j => j.Name));
        foreach (var job in JobRegistry.Default.All)
        {
            Assert.True(JobSchedule.TryParse(job.DefaultSchedule, out _, out var error), $"{job.Name}: {error}");
            Assert.True(job.Lease >= TimeSpan.FromMinutes(1), job.Name);
            Assert.False(string.IsNullOrWhiteSpace(job.Description));
            Assert.All(job.Permissions, p => Assert.Matches(Permission(), p));
        }
    }

    [Fact]
    public void IamReview_DeclaresTheReviewsReadsAndOnlyTheRetirementsReversibleCalls_AndIsOffByDefault()
    {
        var job = JobRegistry.Default.Find(JobRegistry.IamReview)!;

        Assert.False(job.DefaultEnabled);
        Assert.Contains("iam:GenerateCredentialReport", job.Permissions);
        Assert.Contains("iam:GetCredentialReport", job.Permissions);
        Assert.Contains("iam:UpdateAccessKey", job.Permissions);
        Assert.Contains("iam:DeleteLoginProfile", job.Permissions);

        // Retirement deactivates keys and removes passwords; it never deletes a user or a key.
        Assert.DoesNotContain("iam:DeleteUser", job.Permissions);
        Assert.DoesNotContain("iam:DeleteAccessKey", job.Permissions);
    }

    [Fact]
    public void BlockExpiry_DeclaresTheCallsThatRemoveEntries()
    {
        var permissions = JobRegistry.Default.Find(JobRegistry.BlockExpiry)!.Permissions;

        // Removing an address is UpdateIPSet on the set read with GetIPSet (WAFv2), and DeleteNetworkAclEntry (EC2).
        Assert.Contains("wafv2:GetIPSet", permissions);
        Assert.Contains("wafv2:UpdateIPSet", permissions);
        Assert.Contains("ec2:DeleteNetworkAclEntry", permissions);
    }

    [Fact]
    public void Registering_ANameTwice_IsRefused()
    {
        var job = JobRegistry.Default.All[0];

        Assert.Throws<ArgumentException>(() => new JobRegistry([job, job]));
    }

    [GeneratedRegex("^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$")]
    private static partial Regex Permission();
}
