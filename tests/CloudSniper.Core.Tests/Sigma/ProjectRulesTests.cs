using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Sigma;
using CloudSniper.Core.Tests.CloudTrail;

namespace CloudSniper.Core.Tests.Sigma;

/// <summary>The project's own rules in rules/cloudtrail, one per Stratus Red Team technique, run over the captures.</summary>
public sealed class ProjectRulesTests
{
    /// <summary>
    /// Rules that fire on another technique's capture, and why that is expected: the instance-credential technique
    /// itself runs SendCommand, and creating an admin user includes creating its access key. Any other off-technique
    /// hit fails the test.
    /// </summary>
    private static readonly HashSet<(string Rule, string File)> KnownCrossHits =
    [
        ("aws.execution.ssm-send-command", "aws.credential-access.ec2-steal-instance-credentials"),
        ("aws.persistence.iam-backdoor-user", "aws.persistence.iam-create-admin-user"),
    ];

    private static string RulesDir => Path.Combine(CorpusPaths.RepoRoot, "rules", "cloudtrail");

    private static Dictionary<(string Rule, string File), int> Matrix()
    {
        var fields = StandardFields.Create();
        var set = SigmaRuleLoader.LoadDirectory(RulesDir, fields);
        Assert.Empty(set.Skipped);
        var reader = new CloudTrailReader(fields);
        var hits = new Dictionary<(string, string), int>();
        foreach (var file in Directory.GetFiles(CorpusPaths.CloudTrail, "*.json", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            reader.ReadFile(file, r => set.Match(r, rule =>
            {
                var key = (Path.GetFileNameWithoutExtension(rule.Path), name);
                hits[key] = hits.GetValueOrDefault(key) + 1;
            }), e => Assert.Fail(e.ToString()), TestContext.Current.CancellationToken);
        }

        return hits;
    }

    [Fact]
    public void ProjectRules_EveryFileIsAValidRuleForATechniqueOfTheCorpus()
    {
        CorpusPaths.RequireCorpus();
        var techniques = Directory.GetFiles(CorpusPaths.Stratus, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        var rules = Directory.GetFiles(RulesDir, "*.yml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(techniques, rules);
        var set = SigmaRuleLoader.LoadDirectory(RulesDir, StandardFields.Create());
        Assert.Equal(35, set.Rules.Count);
        Assert.Equal(set.Rules.Count, set.Rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(set.Rules, r => Assert.Contains(r.Level, new[] { "low", "medium", "high", "critical" }));
    }

    [Fact]
    public void ProjectRules_EachFiresOnItsOwnTechniqueCapture()
    {
        CorpusPaths.RequireCorpus();
        var hits = Matrix();
        foreach (var technique in Directory.GetFiles(CorpusPaths.Stratus, "*.json").Select(Path.GetFileNameWithoutExtension))
        {
            Assert.True(hits.GetValueOrDefault((technique!, technique!)) > 0, $"{technique} does not fire on its own capture");
        }
    }

    [Fact]
    public void ProjectRules_FireOnOtherStratusCapturesOnlyWhereTheTechniquesOverlap()
    {
        CorpusPaths.RequireCorpus();
        var cross = Matrix().Keys
            .Where(k => k.Rule != k.File && k.File.StartsWith("aws.", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(KnownCrossHits.Order(), cross.Order());
    }

    [Fact]
    public void ProjectRules_FlagTheStolenInstanceCredentialsOfTheOtrfCapture()
    {
        CorpusPaths.RequireCorpus();
        var otrf = Matrix().Where(k => !k.Key.File.StartsWith("aws.", StringComparison.Ordinal)).ToList();
        var hit = Assert.Single(otrf);
        Assert.Equal("aws.credential-access.ec2-steal-instance-credentials", hit.Key.Rule);
        Assert.Equal(11, hit.Value);
    }
}
