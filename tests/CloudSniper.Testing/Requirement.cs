using System.Diagnostics.CodeAnalysis;

namespace CloudSniper.Testing;

/// <summary>
/// Skips a test whose prerequisite (a browser, an emulator, the shared corpora) is missing on a developer's machine,
/// but fails it in CI (<c>CI=true</c>, or <c>SNIPER_TESTS_REQUIRE_ALL=1</c> as <c>.ci/run</c> sets), where every such
/// prerequisite is installed, so that a test CI is expected to run can never pass silently by skipping.
/// </summary>
public static class Requirement
{
    /// <summary>The variable <c>.ci/run</c> sets to turn missing prerequisites into failures.</summary>
    public const string RequireAllVariable = "SNIPER_TESTS_REQUIRE_ALL";

    /// <summary>Skips the calling test with <paramref name="reason"/> unless <paramref name="condition"/> holds; fails it instead in CI.</summary>
    public static void SkipUnless([DoesNotReturnIf(false)] bool condition, string reason) => SkipUnless(condition, reason, Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="SkipUnless(bool, string)"/>, reading the environment through <paramref name="getVariable"/>.</summary>
    public static void SkipUnless([DoesNotReturnIf(false)] bool condition, string reason, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(getVariable);
        if (condition)
        {
            return;
        }

        if (IsRequired(getVariable))
        {
            Assert.Fail($"required in CI ({RequireAllVariable}=1 or CI=true) but missing: {reason}");
        }

        Assert.Skip(reason);
    }

    /// <summary>True when missing prerequisites fail tests: <c>SNIPER_TESTS_REQUIRE_ALL</c> or <c>CI</c> is <c>1</c> or <c>true</c>.</summary>
    public static bool IsRequired(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return IsSet(getVariable(RequireAllVariable)) || IsSet(getVariable("CI"));
    }

    private static bool IsSet(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
