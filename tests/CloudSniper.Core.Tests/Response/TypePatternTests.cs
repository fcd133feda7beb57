using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Tests.Response;

public class TypePatternTests
{
    [Theory]
    [InlineData("Recon:EC2/PortProbe*", "Recon:EC2/PortProbeUnprotectedPort", true)]
    [InlineData("Recon:EC2/PortProbe*", "Recon:EC2/Portscan", false)]
    [InlineData("*:EC2/*BruteForce", "UnauthorizedAccess:EC2/SSHBruteForce", true)]
    [InlineData("*:EC2/*BruteForce", "UnauthorizedAccess:EC2/SSHBruteForceX", false)]
    [InlineData("Backdoor:EC2/C&CActivity.?", "Backdoor:EC2/C&CActivity.B", true)]
    [InlineData("Backdoor:EC2/C&CActivity.?", "Backdoor:EC2/C&CActivity.B!DNS", false)]
    [InlineData("backdoor:ec2/*", "Backdoor:EC2/Spambot", true)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    public void IsMatch_GivenGlob_MatchesWholeType(string pattern, string type, bool expected) =>
        Assert.Equal(expected, new TypePattern(pattern).IsMatch(type));
}
