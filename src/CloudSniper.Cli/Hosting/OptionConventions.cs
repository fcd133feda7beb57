using System.CommandLine;
using System.CommandLine.Parsing;

namespace CloudSniper.Cli.Hosting;

/// <summary>
/// One help and error contract for every verb: enum values in lower case as the options accept them, each default
/// printed once and readable (a limit of "all" rather than <c>2147483647</c>), and a bad value answered with the
/// accepted ones rather than a .NET type name.
/// </summary>
internal static partial class OptionConventions
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\(default:? [^)]*\)")]
    private static partial System.Text.RegularExpressions.Regex StatedDefault();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[default: ([A-Z][A-Za-z]*)\]")]
    private static partial System.Text.RegularExpressions.Regex DefaultValue();

    /// <summary>Applies the conventions to every option below <paramref name="root"/>.</summary>
    public static void Apply(RootCommand root)
    {
        foreach (var option in Options(root))
        {
            var type = EnumType(option.ValueType);
            if (type is not null && option.HelpName is null)
            {
                option.HelpName = string.Join('|', Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
            }

            // The parser prints "[default: X]" after the description: a description that also states it says it twice.
            if (option.HasDefaultValue && option.Description is { } description)
            {
                option.Description = StatedDefault().Replace(description, "").TrimEnd();
            }
        }
    }

    /// <summary>Help text with enum defaults in the lower case the options accept (<c>[default: table]</c>).</summary>
    public static string Help(string text) =>
        DefaultValue().Replace(text, m => "[default: " + m.Groups[1].Value.ToLowerInvariant() + "]");

    /// <summary>The message for a value an enum option cannot take, naming the accepted values; null for other errors.</summary>
    public static string? EnumValueError(ParseError error)
    {
        // Only the parser's own conversion failure ("Cannot parse argument ... as expected type ..."); a custom parser's message stands.
        if (!error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal)
            || error.SymbolResult is not OptionResult { Option: var option } result || EnumType(option.ValueType) is not { } type)
        {
            return null;
        }

        var got = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        return $"{option.Name} must be one of: {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}; got '{got}'";
    }

    private static Type? EnumType(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsEnum ? inner : null;
    }

    private static IEnumerable<Option> Options(Command command) =>
        command.Options.Concat(command.Subcommands.SelectMany(Options));
}
