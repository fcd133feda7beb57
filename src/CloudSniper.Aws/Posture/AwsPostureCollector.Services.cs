using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.EC2.Model;
using Amazon.Runtime;
using CloudSniper.Aws.Posture.Internal;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Aws.Posture;

/// <summary>The per-service collections of one region, and the account-wide credential report.</summary>
public sealed partial class AwsPostureCollector
{
    private async Task<RegionPosture> CollectRegionAsync(AWSCredentials credentials, string accountId, string region, CancellationToken ct)
    {
        var errors = new List<CollectionError>();
        async Task<T?> Try<T>(string service, string operation, string permission, Func<Task<T>> call)
            where T : class
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (AwsCallException ex)
            {
                lock (errors)
                {
                    errors.Add(Error(service, operation, permission, ex));
                }
            }
            catch (AmazonServiceException ex)
            {
                lock (errors)
                {
                    errors.Add(SdkError(service, operation, permission, ex));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or FormatException or InvalidOperationException)
            {
                lock (errors)
                {
                    errors.Add(new CollectionError(service, operation, permission, false, ex.Message));
                }
            }

            return null;
        }

        var trails = Try("cloudtrail", "DescribeTrails", "cloudtrail:DescribeTrails", () => TrailsAsync(credentials, region, ct));
        var detectors = Try("guardduty", "ListDetectors", "guardduty:ListDetectors", () => DetectorsAsync(credentials, region, ct));
        var hub = Try("securityhub", "DescribeHub", "securityhub:DescribeHub", () => SecurityHubAsync(credentials, region, ct));
        var inspector = Try("inspector2", "BatchGetAccountStatus", "inspector2:BatchGetAccountStatus", () => InspectorAsync(credentials, accountId, region, ct));
        var recorders = Try("config", "DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders", () => RecordersAsync(credentials, region, ct));
        var network = Try("ec2", "DescribeVpcs", "ec2:DescribeVpcs", () => NetworkAsync(credentials, region, ct));
        var ecr = Try("ecr", "DescribeRepositories", "ecr:DescribeRepositories", () => CountAsync(credentials, "ECR", "api.ecr", "ecr", region, "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", "repositories", "nextToken", ct));
        var lambda = Try("lambda", "ListFunctions", "lambda:ListFunctions", () => LambdaCountAsync(credentials, region, ct));
        await Task.WhenAll(trails, detectors, hub, inspector, recorders, network, ecr, lambda).ConfigureAwait(false);

        var net = network.Result;
        var hubState = hub.Result;
        return new RegionPosture
        {
            Region = region,
            Trails = trails.Result ?? [],
            GuardDutyDetectors = detectors.Result ?? [],
            SecurityHub = hubState is { Enabled: true } ? hubState.Status : null,
            Inspector = inspector.Result,
            ConfigRecorders = recorders.Result ?? [],
            Vpcs = net?.Vpcs ?? [],
            FlowLogs = net?.FlowLogs ?? [],
            Resources = new ResourceCounts(net?.Instances ?? 0, ecr.Result is { } e ? e.Value : 0, lambda.Result is { } l ? l.Value : 0),
            Errors = [.. errors.OrderBy(e => e.Service, StringComparer.Ordinal).ThenBy(e => e.Operation, StringComparer.Ordinal)],
        };
    }

    private async Task<List<TrailInfo>> TrailsAsync(AWSCredentials credentials, string region, CancellationToken ct)
    {
        using var client = Signed(credentials, "CloudTrail", "cloudtrail", "cloudtrail", region);
        const string prefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
        var list = await client.JsonTargetAsync(prefix + "DescribeTrails", new { includeShadowTrails = true }, ct).ConfigureAwait(false);
        var trails = new List<TrailInfo>();
        foreach (var t in Array(list, "trailList"))
        {
            var arn = Str(t, "TrailARN") ?? Str(t, "Name")!;
            var status = await client.JsonTargetAsync(prefix + "GetTrailStatus", new { Name = arn }, ct).ConfigureAwait(false);
            var selectors = await client.JsonTargetAsync(prefix + "GetEventSelectors", new { TrailName = arn }, ct).ConfigureAwait(false);
            var (management, readWrite) = Selectors(selectors);
            trails.Add(new TrailInfo
            {
                Name = Str(t, "Name") ?? arn,
                Arn = arn,
                HomeRegion = Str(t, "HomeRegion"),
                IsMultiRegion = Bool(t, "IsMultiRegionTrail"),
                IsOrganizationTrail = Bool(t, "IsOrganizationTrail"),
                IsLogging = Bool(status, "IsLogging"),
                LogFileValidationEnabled = Bool(t, "LogFileValidationEnabled"),
                KmsKeyId = Str(t, "KmsKeyId"),
                IncludesManagementEvents = management,
                ReadWriteType = readWrite,
            });
        }

        return trails;
    }

    /// <summary>Whether basic or advanced selectors include management events, and the read/write type of the basic ones.</summary>
    private static (bool Management, string ReadWrite) Selectors(JsonElement answer)
    {
        var basic = Array(answer, "EventSelectors").ToList();
        if (basic.Count > 0)
        {
            var management = basic.Where(s => !s.TryGetProperty("IncludeManagementEvents", out var m) || m.ValueKind != JsonValueKind.False).ToList();
            var rw = management.Select(s => Str(s, "ReadWriteType") ?? "All").ToList();
            return (management.Count > 0, rw.Contains("All") || (rw.Contains("ReadOnly") && rw.Contains("WriteOnly")) ? "All" : rw.FirstOrDefault() ?? "All");
        }

        var advanced = Array(answer, "AdvancedEventSelectors").ToList();
        if (advanced.Count > 0)
        {
            var management = advanced.Any(s => Array(s, "FieldSelectors").Any(f => Str(f, "Field") == "eventCategory" && Array(f, "Equals").Any(v => v.GetString() == "Management")));
            return (management, "All");
        }

        return (true, "All");
    }

    private async Task<List<GuardDutyDetector>> DetectorsAsync(AWSCredentials credentials, string region, CancellationToken ct)
    {
        using var client = Signed(credentials, "GuardDuty", "guardduty", "guardduty", region);
        var ids = await client.RestAsync(HttpMethod.Get, "detector", null, ct).ConfigureAwait(false);
        var detectors = new List<GuardDutyDetector>();
        foreach (var id in Array(ids, "detectorIds").Select(i => i.GetString()!))
        {
            var detector = await client.RestAsync(HttpMethod.Get, "detector/" + Uri.EscapeDataString(id), null, ct).ConfigureAwait(false);
            detectors.Add(new GuardDutyDetector(id, Str(detector, "status") ?? "UNKNOWN"));
        }

        return detectors;
    }

    private async Task<HubState> SecurityHubAsync(AWSCredentials credentials, string region, CancellationToken ct)
    {
        using var client = Signed(credentials, "SecurityHub", "securityhub", "securityhub", region);
        JsonElement hub;
        try
        {
            hub = await client.RestAsync(HttpMethod.Get, "accounts", null, ct).ConfigureAwait(false);
        }
        catch (AwsCallException ex) when (ex.Code is "InvalidAccessException" or "ResourceNotFoundException" && ex.ErrorMessage.Contains("not subscribed", StringComparison.OrdinalIgnoreCase) || ex.Code == "ResourceNotFoundException")
        {
            return new HubState(false, null);
        }

        var standards = await client.RestAsync(HttpMethod.Post, "standards/get", new { }, ct).ConfigureAwait(false);
        var subscriptions = Array(standards, "StandardsSubscriptions").Select(s => new StandardSubscription(Str(s, "StandardsArn") ?? "", Str(s, "StandardsStatus") ?? "UNKNOWN")).ToList();
        return new HubState(true, new SecurityHubStatus(Str(hub, "HubArn"), subscriptions));
    }

    private async Task<InspectorStatus> InspectorAsync(AWSCredentials credentials, string accountId, string region, CancellationToken ct)
    {
        using var client = Signed(credentials, "Inspector2", "inspector2", "inspector2", region);
        var answer = await client.RestAsync(HttpMethod.Post, "status/batch/get", new { accountIds = new[] { accountId } }, ct).ConfigureAwait(false);
        var account = Array(answer, "accounts").FirstOrDefault();
        string State(string kind) =>
            account.ValueKind == JsonValueKind.Object && account.TryGetProperty("resourceState", out var rs) && rs.TryGetProperty(kind, out var k) ? Str(k, "status") ?? "DISABLED" : "DISABLED";
        return new InspectorStatus(State("ec2"), State("ecr"), State("lambda"));
    }

    private async Task<List<ConfigRecorder>> RecordersAsync(AWSCredentials credentials, string region, CancellationToken ct)
    {
        using var client = Signed(credentials, "Config Service", "config", "config", region);
        var recorders = await client.JsonTargetAsync("StarlingDoveService.DescribeConfigurationRecorders", new { }, ct).ConfigureAwait(false);
        var statuses = await client.JsonTargetAsync("StarlingDoveService.DescribeConfigurationRecorderStatus", new { }, ct).ConfigureAwait(false);
        var byName = Array(statuses, "ConfigurationRecordersStatus").ToDictionary(s => Str(s, "name") ?? "", StringComparer.Ordinal);
        return Array(recorders, "ConfigurationRecorders").Select(r =>
        {
            var name = Str(r, "name") ?? "";
            var status = byName.GetValueOrDefault(name);
            var all = r.TryGetProperty("recordingGroup", out var g) && Bool(g, "allSupported");
            return new ConfigRecorder(name, status.ValueKind == JsonValueKind.Object && Bool(status, "recording"), all, status.ValueKind == JsonValueKind.Object ? Str(status, "lastStatus") : null);
        }).ToList();
    }

    private async Task<NetworkState> NetworkAsync(AWSCredentials credentials, string region, CancellationToken ct)
    {
        using var ec2 = Ec2(credentials, region);
        var vpcs = new List<Vpc>();
        string? token = null;
        do
        {
            var page = await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { NextToken = token }, ct).ConfigureAwait(false);
            vpcs.AddRange(page.Vpcs ?? []);
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        var inUse = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NextToken = token }, ct).ConfigureAwait(false);
            inUse.UnionWith((page.NetworkInterfaces ?? []).Select(n => n.VpcId).OfType<string>());
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        var flowLogs = new List<FlowLogInfo>();
        do
        {
            var page = await ec2.DescribeFlowLogsAsync(new DescribeFlowLogsRequest { NextToken = token }, ct).ConfigureAwait(false);
            flowLogs.AddRange((page.FlowLogs ?? []).Select(f => new FlowLogInfo(f.FlowLogId, f.ResourceId, f.FlowLogStatus ?? "UNKNOWN")));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        var instances = 0;
        do
        {
            var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { NextToken = token }, ct).ConfigureAwait(false);
            instances += (page.Reservations ?? []).Sum(r => (r.Instances ?? []).Count(i => i.State?.Name?.Value != "terminated"));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return new NetworkState(
            vpcs.Select(v => new VpcInfo(v.VpcId, v.IsDefault ?? false, inUse.Contains(v.VpcId))).OrderBy(v => v.VpcId, StringComparer.Ordinal).ToList(),
            flowLogs,
            instances);
    }

    private async Task<Counted<int>> CountAsync(AWSCredentials credentials, string serviceId, string host, string signing, string region, string target, string listName, string tokenName, CancellationToken ct)
    {
        using var client = Signed(credentials, serviceId, host, signing, region);
        var count = 0;
        string? token = null;
        do
        {
            var body = new Dictionary<string, object?> { ["maxResults"] = 1000 };
            if (token is not null)
            {
                body[tokenName] = token;
            }

            var page = await client.JsonTargetAsync(target, body, ct).ConfigureAwait(false);
            count += Array(page, listName).Count();
            token = Str(page, tokenName);
        }
        while (token is not null);

        return new Counted<int>(count);
    }

    private async Task<Counted<int>> LambdaCountAsync(AWSCredentials credentials, string region, CancellationToken ct)
    {
        using var client = Signed(credentials, "Lambda", "lambda", "lambda", region);
        var count = 0;
        string? marker = null;
        do
        {
            var page = await client.RestAsync(HttpMethod.Get, "2015-03-31/functions/" + (marker is null ? "" : "?Marker=" + Uri.EscapeDataString(marker)), null, ct).ConfigureAwait(false);
            count += Array(page, "Functions").Count();
            marker = Str(page, "NextMarker");
        }
        while (marker is not null);

        return new Counted<int>(count);
    }

    private async Task<(RootCredentials? Root, CollectionError? Error)> CollectRootAsync(AWSCredentials credentials, CancellationToken ct)
    {
        using var iam = Signed(credentials, "IAM", "iam", "iam", "us-east-1", global: true);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var generated = await iam.QueryAsync("GenerateCredentialReport", "2010-05-08", ct).ConfigureAwait(false);
                if (generated.Descendants().FirstOrDefault(e => e.Name.LocalName == "State")?.Value == "COMPLETE" || attempt >= 5)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), _time, ct).ConfigureAwait(false);
            }

            var report = await iam.QueryAsync("GetCredentialReport", "2010-05-08", ct).ConfigureAwait(false);
            var content = report.Descendants().FirstOrDefault(e => e.Name.LocalName == "Content")?.Value ?? "";
            var csv = Encoding.UTF8.GetString(Convert.FromBase64String(content));
            return CredentialReport.Root(csv) is { } root
                ? (root, null)
                : (null, new CollectionError("iam", "GetCredentialReport", "iam:GetCredentialReport", false, "the credential report has no <root_account> row"));
        }
        catch (AwsCallException ex)
        {
            return (null, Error("iam", "GetCredentialReport", "iam:GetCredentialReport", ex));
        }
        catch (FormatException ex)
        {
            return (null, new CollectionError("iam", "GetCredentialReport", "iam:GetCredentialReport", false, "unreadable report: " + ex.Message));
        }
    }

    private async Task<List<string>> ListOrganizationAccountsAsync(CancellationToken ct)
    {
        using var client = Signed(_credentials, "Organizations", "organizations", "organizations", "us-east-1", global: true);
        var ids = new List<string>();
        string? token = null;
        do
        {
            var body = token is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["NextToken"] = token };
            var page = await client.JsonTargetAsync("AWSOrganizationsV20161128.ListAccounts", body, ct).ConfigureAwait(false);
            ids.AddRange(Array(page, "Accounts").Where(a => Str(a, "Status") is null or "ACTIVE").Select(a => Str(a, "Id")!));
            token = Str(page, "NextToken");
        }
        while (token is not null);

        return ids;
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private sealed record HubState(bool Enabled, SecurityHubStatus? Status);

    private sealed record NetworkState(List<VpcInfo> Vpcs, List<FlowLogInfo> FlowLogs, int Instances);

    private sealed class Counted<T>(T value)
    {
        public T Value { get; } = value;
    }
}
