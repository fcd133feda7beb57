using System.Collections.Immutable;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Tests.Exports;

internal static class ExportTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Ioc Ioc(string value, IocType type, DateTimeOffset? expires = null) => new()
    {
        Value = value,
        Type = type,
        FirstSeen = Now.AddDays(-2),
        LastSeen = Now.AddHours(-1),
        Sightings = 3,
        Sources = ["guardduty"],
        Confidence = 80,
        ExpiresAt = expires,
    };

    public static async IAsyncEnumerable<T> Async<T>(params T[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    public static Finding Finding() => new()
    {
        Id = "4ab1c2",
        Source = FindingSource.GuardDuty,
        Type = FindingType.Parse("UnauthorizedAccess:EC2/SSHBruteForce"),
        Severity = 5,
        AccountId = "123456789012",
        Region = "eu-west-1",
        Title = "45.33.12.9 is performing SSH brute force attacks against i-0abc.",
        CreatedAt = Now.AddHours(-3),
        UpdatedAt = Now.AddHours(-1),
        Resources = [new ResourceRef("Instance", "i-0abc")],
        RemoteIps = [new RemoteIp("45.33.12.9", NetworkDirection.Inbound, ActionKind.NetworkConnection, RemotePort: 51234)],
        MitreTactic = "Initial Access",
    };

    public static async Task<string> Export(Func<Stream, Task> write)
    {
        using var stream = new MemoryStream();
        await write(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ImmutableArray<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];
}
