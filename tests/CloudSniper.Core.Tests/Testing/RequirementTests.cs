using CloudSniper.Testing;
using Xunit.Sdk;

namespace CloudSniper.Core.Tests.Testing;

public sealed class RequirementTests
{
    // Record.Exception lets xunit's skip exception through (the test would be skipped), so catch it by hand.
    private static Exception? Thrown(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void SkipUnless_WhenTheConditionHolds_Returns()
    {
        Assert.Null(Thrown(() => Requirement.SkipUnless(true, "unused", Env(("CI", "true")))));
    }

    [Fact]
    public void SkipUnless_OutsideCi_SkipsWithTheReason()
    {
        var e = Thrown(() => Requirement.SkipUnless(false, "no Chromium installed", Env()));
        Assert.IsType<SkipException>(e);
        Assert.Contains("no Chromium installed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CI", "true")]
    [InlineData("CI", "TRUE")]
    [InlineData("SNIPER_TESTS_REQUIRE_ALL", "1")]
    public void SkipUnless_InCi_FailsWithTheReason(string name, string value)
    {
        var e = Thrown(() => Requirement.SkipUnless(false, "no Chromium installed", Env((name, value))));
        Assert.IsType<FailException>(e);
        Assert.Contains("no Chromium installed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CI", "false")]
    [InlineData("SNIPER_TESTS_REQUIRE_ALL", "0")]
    [InlineData("SNIPER_TESTS_REQUIRE_ALL", "")]
    public void SkipUnless_WhenTheVariablesSayNo_Skips(string name, string value)
    {
        Assert.IsType<SkipException>(Thrown(() => Requirement.SkipUnless(false, "moto missing", Env((name, value)))));
    }
}
