using System.Text.Json;
using CloudSniper.Core.Reports;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook;

/// <summary>
/// Inputs laid out as in <c>samples/runbook</c>: <c>cloudtrail/</c>, <c>guardduty/</c>, <c>inspector/</c>,
/// <c>snapshot.json</c> and <c>mute.txt</c>, each optional. Lets a host (the demo) run the runbook in a few lines.
/// </summary>
public static class RunbookFolder
{
    /// <summary>The inputs found under <paramref name="directory"/>, with <paramref name="rulesDirectory"/> for detections.</summary>
    public static RunbookInputs Inputs(string directory, string? rulesDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string[] Sub(string name) => Directory.Exists(Path.Combine(directory, name)) ? [Path.Combine(directory, name)] : [];
        var snapshot = Path.Combine(directory, "snapshot.json");
        var mute = Path.Combine(directory, "mute.txt");
        return new RunbookInputs
        {
            CloudTrail = Sub("cloudtrail"),
            GuardDuty = Sub("guardduty"),
            Inspector = Sub("inspector"),
            Snapshot = File.Exists(snapshot) ? ReadSnapshot(snapshot) : null,
            Mutes = File.Exists(mute) ? MuteList.Parse(File.ReadAllText(mute)) : MuteList.Empty,
            RulesDirectory = rulesDirectory,
            BaseDirectory = directory,
        };
    }

    /// <summary>Reads a posture snapshot written as JSON (camelCase, as in the report).</summary>
    public static PostureSnapshot ReadSnapshot(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<PostureSnapshot>(stream, ReportJson.Options) ?? throw new JsonException($"{path}: empty snapshot");
    }
}
