namespace CloudSniper.Core.Response;

/// <summary>The YAML names of <see cref="NistPhase"/> values (<c>detection-and-analysis</c>, <c>containment</c>, …).</summary>
public static class NistPhases
{
    /// <summary>Every phase name, in incident order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["detection-and-analysis", "containment", "eradication", "recovery", "post-incident"];

    /// <summary>The YAML name of a phase.</summary>
    public static string Name(NistPhase phase) => Names[(int)phase];

    /// <summary>Parses a YAML name (case-insensitive); false when unknown.</summary>
    public static bool TryParse(string? text, out NistPhase phase)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                phase = (NistPhase)i;
                return true;
            }
        }

        phase = default;
        return false;
    }
}
