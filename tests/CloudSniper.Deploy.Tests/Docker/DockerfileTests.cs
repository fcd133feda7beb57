using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CloudSniper.Testing;

namespace CloudSniper.Deploy.Tests.Docker;

/// <summary>The repository's Dockerfile, read for its structure (no Docker engine runs here).</summary>
public sealed partial class DockerfileTests
{
    private static readonly string Root = RepoRoot.Find() ?? throw new InvalidOperationException("the repository root (CloudSniper.slnx) was not found above the test binaries");

    private static Dockerfile Read() => Dockerfile.Parse(File.ReadAllText(Path.Combine(Root, "Dockerfile")));

    [Fact]
    public void Parser_JoinsContinuationsAndSplitsStages()
    {
        var file = Dockerfile.Parse("""
            # comment
            FROM --platform=$BUILDPLATFORM base:1 AS build
            RUN a \
              && b
            FROM run:2
            USER 10
            """);

        Assert.Equal([("base:1", "build"), ("run:2", null)], file.Stages.Select(s => (s.Image, s.Name)));
        Assert.Equal("a  && b", file.Stages[0].Instructions.Single().Arguments);
        Assert.Equal(new DockerInstruction("USER", "10"), file.Stages[1].Instructions.Single());
    }

    [Fact]
    public void Stages_BuildWithTheSdkOfGlobalJson_AndRunOnTheAspNetRuntime()
    {
        var file = Read();
        using var global = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "global.json")));
        var sdk = global.RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
        var major = string.Join('.', sdk.Split('.').Take(2));

        Assert.True(file.Stages.Count >= 2, "the build is multi-stage");
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{major}", file.Stages[0].Image);
        Assert.StartsWith($"mcr.microsoft.com/dotnet/aspnet:{major}", file.Stages[^1].Image, StringComparison.Ordinal);
        Assert.DoesNotContain(file.Stages[^1].Instructions, i => i.Keyword == "RUN");
    }

    [Fact]
    public void Publish_BuildsTheCliProject_WhoseAssemblyIsTheEntryPoint()
    {
        var file = Read();
        var publish = file.Stages[0].All("RUN").Select(r => PublishCommand().Match(r.Arguments)).Single(m => m.Success);
        var project = publish.Groups["project"].Value;
        var output = publish.Groups["output"].Value;
        var assembly = XDocument.Load(Path.Combine(Root, project)).Descendants("AssemblyName").Single().Value;
        var copy = file.Stages[^1].All("COPY").Single(c => c.Arguments.StartsWith($"--from={file.Stages[0].Name} {output} ", StringComparison.Ordinal));
        var entry = Dockerfile.ExecForm(file.Stages[^1].All("ENTRYPOINT").Single().Arguments);

        Assert.Equal("src/CloudSniper.Cli/CloudSniper.Cli.csproj", project);
        Assert.Equal("sniper", assembly);
        var workdir = file.Stages[^1].All("WORKDIR").Single().Arguments;
        Assert.Equal("./", copy.Arguments.Split(' ')[^1]);
        Assert.Equal(workdir + "/" + assembly, entry[0]);
    }

    [Fact]
    public void EveryCopiedPath_ExistsAndIsNotExcludedByDockerignore()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('!'))
            .Select(l => l.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        var copies = Read().Stages[0].All("COPY").Where(c => !c.Arguments.StartsWith("--from", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(copies);
        foreach (var source in copies.SelectMany(c => c.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]))
        {
            Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"COPY {source}: not in the repository");
            Assert.DoesNotContain(source.TrimEnd('/'), ignored);
        }

        foreach (var project in new[] { "src/CloudSniper.Cli", "src/CloudSniper.Core", "src/CloudSniper.Aws", "src/CloudSniper.Store" })
        {
            Assert.Contains(copies, c => c.Arguments.StartsWith("src/ ", StringComparison.Ordinal) || c.Arguments.StartsWith(project, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Image_RunsAsANonRootUser()
    {
        var users = Read().Stages[^1].All("USER").Select(u => u.Arguments.Split(':')[0]).ToList();

        Assert.NotEmpty(users);
        var user = users[^1];
        Assert.NotEqual("root", user);
        Assert.True(!int.TryParse(user, out var uid) || uid > 0, $"USER {user} is root");
    }

    [Fact]
    public void NoEnvOrArg_LooksLikeASecret()
    {
        foreach (var stage in Read().Stages)
        {
            foreach (var instruction in stage.Instructions.Where(i => i.Keyword is "ENV" or "ARG"))
            {
                foreach (Match name in VariableName().Matches(instruction.Arguments))
                {
                    Assert.False(SecretName().IsMatch(name.Groups[1].Value), $"{instruction.Keyword} {name.Groups[1].Value} looks like a secret baked into the image");
                }
            }
        }
    }

    [Fact]
    public void ExposedPort_IsTheOneTheEntryPointListensOnAndTheHealthCheckProbes()
    {
        var image = Read().Stages[^1];
        var exposed = image.All("EXPOSE").Select(e => e.Arguments.Split('/')[0]).Single();
        var command = Dockerfile.ExecForm(image.All("CMD").Single().Arguments);
        var health = image.All("HEALTHCHECK").Single().Arguments;
        var probe = Dockerfile.ExecForm(health[health.IndexOf("CMD [", StringComparison.Ordinal)..]["CMD ".Length..]);
        var entry = Dockerfile.ExecForm(image.All("ENTRYPOINT").Single().Arguments);

        Assert.Equal(["serve", "--urls", $"http://0.0.0.0:{exposed}"], command);
        Assert.Equal([entry[0], "health", "--url", $"http://127.0.0.1:{exposed}/healthz"], probe);
        Assert.Contains("health", Commands());
    }

    [Fact]
    public void DataDirectory_IsTheDeclaredVolume_OwnedByTheImagesUser()
    {
        var image = Read().Stages[^1];
        var env = image.All("ENV").Single().Arguments;
        var home = Regex.Match(env, @"SNIPER_HOME=(\S+)").Groups[1].Value;
        var volumes = Dockerfile.ExecForm(image.All("VOLUME").Single().Arguments);
        var user = image.All("USER").Last().Arguments;

        Assert.Equal("/data", home);
        Assert.Equal([home], volumes);
        Assert.Contains(image.All("COPY"), c => c.Arguments.Contains($"--chown={user}:{user}", StringComparison.Ordinal) && c.Arguments.EndsWith(" " + home, StringComparison.Ordinal));
    }

    [Fact]
    public void TaskDefinition_RunsTheImageAsItsUserOnItsPort()
    {
        var image = Read().Stages[^1];
        var compute = File.ReadAllText(Path.Combine(Root, "deploy", "terraform", "compute.tf"));
        var main = File.ReadAllText(Path.Combine(Root, "deploy", "terraform", "main.tf"));
        var exposed = image.All("EXPOSE").Single().Arguments.Split('/')[0];

        Assert.Matches($@"container_port = {exposed}\b", main);
        Assert.Matches($@"data_path\s+= ""{Regex.Escape("/data")}""", main);
        Assert.Contains($"user                   = \"{image.All("USER").Last().Arguments}\"", compute, StringComparison.Ordinal);
        Assert.Contains($"\"{Dockerfile.ExecForm(image.All("ENTRYPOINT").Single().Arguments)[0]}\", \"health\"", compute, StringComparison.Ordinal);
    }

    // The verbs of `sniper`, which the image's health check and entry point call.
    private static HashSet<string> Commands()
    {
        var env = new Cli.Hosting.CliEnvironment { Out = TextWriter.Null, Error = TextWriter.Null, OpenStdin = () => new MemoryStream() };
        return [.. Cli.CommandRegistry.Create(env).Select(c => c.Name)];
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj).*--output (?<output>\S+)")]
    private static partial Regex PublishCommand();

    [GeneratedRegex(@"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
