using System.Collections.Immutable;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Collects what a parser reads into a <see cref="Finding"/>; lists drop duplicates as they fill. One builder is
/// reused for every record of a document (<see cref="Reset"/>), since the finding copies what it keeps.
/// </summary>
/// <remarks>Properties without their own comment hold the <see cref="Finding"/> property of the same name.</remarks>
internal sealed class FindingBuilder
{
    private readonly List<InstanceInfo> _instances = [];
    private readonly List<AccessKeyInfo> _accessKeys = [];
    private readonly List<ResourceRef> _resources = [];
    private readonly List<RemoteIp> _remoteIps = [];
    private readonly List<string> _domains = [];
    private readonly List<string> _userAgents = [];
    private readonly List<ApiCall> _apiCalls = [];
    private readonly List<string> _indicators = [];

    public string? Id { get; set; }

    public string? Type { get; set; }

    public double Severity { get; set; }

    public string? AccountId { get; set; }

    public string? Region { get; set; }

    public string? Partition { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public DateTimeOffset? FirstSeen { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    public long? Count { get; set; }

    public string? ResourceType { get; set; }

    public ActionKind Action { get; set; }

    public bool IsSample { get; set; }

    public bool Archived { get; set; }

    public int? Confidence { get; set; }

    public string? Provider { get; set; }

    /// <summary>A tactic the source states itself; otherwise it comes from the threat purpose.</summary>
    public string? MitreTactic { get; set; }

    /// <summary>A domain seen next to a network connection, kept only if the action turns out to be one.</summary>
    public string? ConnectionDomain { get; set; }

    /// <summary>Which sub-actions were present, to infer the action when <c>actionType</c> is missing.</summary>
    public ActionKind InferredAction { get; set; }

    /// <summary>Clears everything for the next record.</summary>
    public void Reset()
    {
        Id = Type = AccountId = Region = Partition = Title = Description = ResourceType = null;
        Provider = MitreTactic = ConnectionDomain = null;
        Severity = 0;
        CreatedAt = UpdatedAt = FirstSeen = LastSeen = null;
        Count = null;
        Action = InferredAction = ActionKind.Unknown;
        IsSample = Archived = false;
        Confidence = null;
        _instances.Clear();
        _accessKeys.Clear();
        _resources.Clear();
        _remoteIps.Clear();
        _domains.Clear();
        _userAgents.Clear();
        _apiCalls.Clear();
        _indicators.Clear();
    }

    /// <summary>Adds an instance (once per id) and its resource reference.</summary>
    public void AddInstance(InstanceInfo instance)
    {
        if (!_instances.Exists(i => i.InstanceId == instance.InstanceId))
        {
            _instances.Add(instance);
        }

        AddResource("Instance", instance.InstanceId);
    }

    /// <summary>Adds a key (or principal) and its resource reference.</summary>
    public void AddAccessKey(AccessKeyInfo key)
    {
        if (!_accessKeys.Contains(key))
        {
            _accessKeys.Add(key);
        }

        if (!string.IsNullOrEmpty(key.AccessKeyId))
        {
            AddResource("AccessKey", key.AccessKeyId, name: key.UserName);
        }
        else if (!string.IsNullOrEmpty(key.PrincipalId))
        {
            AddResource("Principal", key.PrincipalId, name: key.UserName);
        }
    }

    /// <summary>Adds a resource unless one with the same kind and id is there (an ARN or name fills a gap).</summary>
    public void AddResource(string kind, string? id, string? arn = null, string? name = null)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            id = arn ?? name;
            if (string.IsNullOrWhiteSpace(id))
            {
                return;
            }
        }

        var index = _resources.FindIndex(r => r.Kind == kind && r.Id == id);
        if (index < 0)
        {
            _resources.Add(new ResourceRef(kind, id, arn, name));
        }
        else if ((_resources[index].Arn is null && arn is not null) || (_resources[index].Name is null && name is not null))
        {
            var existing = _resources[index];
            _resources[index] = existing with { Arn = existing.Arn ?? arn, Name = existing.Name ?? name };
        }
    }

    /// <summary>Adds a remote entry unless an identical one is there.</summary>
    public void AddRemoteIp(RemoteIp remote)
    {
        if (string.IsNullOrWhiteSpace(remote.Address) || _remoteIps.Contains(remote))
        {
            return;
        }

        _remoteIps.Add(remote);
    }

    /// <summary>Adds an address only when no entry for it and this action exists yet (for bare IP lists).</summary>
    public void AddRemoteAddressIfNew(string? address, NetworkDirection direction, ActionKind action)
    {
        if (string.IsNullOrWhiteSpace(address) || _remoteIps.Exists(r => r.Address == address && r.Action == action))
        {
            return;
        }

        _remoteIps.Add(new RemoteIp(address, direction, action));
    }

    /// <summary>Adds a domain (without its trailing dot) unless it is there in any case.</summary>
    public void AddDomain(string? domain)
    {
        domain = domain?.Trim().TrimEnd('.');
        if (string.IsNullOrEmpty(domain) || _domains.Exists(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        _domains.Add(domain);
    }

    /// <summary>Adds a user agent once.</summary>
    public void AddUserAgent(string? agent)
    {
        if (!string.IsNullOrWhiteSpace(agent) && !_userAgents.Contains(agent))
        {
            _userAgents.Add(agent);
        }
    }

    /// <summary>Adds an API call once, and its user agent.</summary>
    public void AddApiCall(ApiCall call)
    {
        if (!_apiCalls.Contains(call))
        {
            _apiCalls.Add(call);
        }

        AddUserAgent(call.UserAgent);
    }

    /// <summary>Adds an indicator as given (trimmed) once.</summary>
    public void AddIndicator(string? value)
    {
        value = value?.Trim();
        if (!string.IsNullOrEmpty(value) && !_indicators.Contains(value))
        {
            _indicators.Add(value);
        }
    }

    /// <summary>Builds the finding; the id and type must be set.</summary>
    public Finding Build(FindingSource source, string raw, string origin)
    {
        var type = FindingType.Parse(Type);
        var action = Action != ActionKind.Unknown ? Action : InferredAction;
        if (ConnectionDomain is not null && action == ActionKind.NetworkConnection)
        {
            AddDomain(ConnectionDomain);
        }

        return new Finding
        {
            Id = Id!,
            Source = source,
            Type = type,
            Severity = Severity,
            AccountId = AccountId,
            Region = Region,
            Partition = Partition,
            Title = Title ?? type.Raw,
            Description = Description,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt ?? CreatedAt,
            FirstSeen = FirstSeen ?? CreatedAt,
            LastSeen = LastSeen ?? UpdatedAt ?? CreatedAt,
            Count = Count is > 0 ? Count.Value : 1,
            ResourceType = ResourceType,
            Instances = [.. _instances],
            AccessKeys = [.. _accessKeys],
            Resources = [.. _resources],
            Action = action,
            RemoteIps = [.. _remoteIps],
            Domains = [.. _domains],
            UserAgents = [.. _userAgents],
            ApiCalls = [.. _apiCalls],
            Indicators = [.. _indicators],
            Confidence = Confidence,
            Provider = Provider,
            MitreTactic = MitreTactic ?? MitreTactics.FromThreatPurpose(type.ThreatPurpose),
            IsSample = IsSample,
            Archived = Archived,
            Raw = raw,
            Origin = origin,
        };
    }

    /// <summary>Immutable tags from key/value pairs; a repeated key keeps its last value.</summary>
    public static ImmutableDictionary<string, string> Tags(List<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null || pairs.Count == 0)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            builder[key] = value;
        }

        return builder.ToImmutable();
    }
}
