using System.Text.RegularExpressions;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Tests.Response;

public partial class ActionRegistryTests
{
    public static TheoryData<string> Keys => [.. ActionRegistry.Default.All.Select(a => a.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryAction_DeclaresDescriptionParametersPermissionsAndDryRun(string key)
    {
        var action = ActionRegistry.Default.Find(key)!;
        Assert.Matches("^[a-z]+(-[a-z]+)*$", action.Key);
        Assert.False(string.IsNullOrWhiteSpace(action.Description));
        Assert.False(string.IsNullOrWhiteSpace(action.DryRun));
        Assert.NotNull(action.Parameters);
        Assert.All(action.Parameters, p =>
        {
            Assert.Matches("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", p.Name);
            Assert.False(string.IsNullOrWhiteSpace(p.Description));
            Assert.True(p.Type != ParameterType.Enum || !p.AllowedValues.IsEmpty, $"{key}.{p.Name} is an enum without values");
        });
        Assert.All(action.Permissions, p => Assert.Matches(PermissionRegex(), p));
        Assert.Equal(action.Permissions.Count, action.Permissions.Distinct().Count());

        // Only notifications that call no AWS API may declare no permission.
        Assert.True(action.Permissions.Count > 0 || key is "notify-slack" or "notify-webhook", $"{key} declares no IAM permission");
    }

    [Fact]
    public void Registry_RejectsDuplicateKeys() =>
        Assert.Throws<ArgumentException>(() => new ActionRegistry([.. ActionRegistry.Default.All, ActionRegistry.Default.All[0]]));

    [GeneratedRegex("^(ec2|wafv2|iam|sns|sts|servicequotas):[A-Z][A-Za-z0-9]+$")]
    private static partial Regex PermissionRegex();
}
