using System.Collections.Immutable;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// Small string sets stored in one TEXT column as <c>␟a␟b␟</c> (U+001F between and around members, a character no
/// source, account, region or finding type contains), so that membership is an <c>instr</c> of <c>␟value␟</c> and
/// adding a member is a concatenation, both inside the upsert statement.
/// </summary>
internal static class SqliteSets
{
    public const char Separator = '\u001f';

    /// <summary>SQL that merges the one-member set <paramref name="incoming"/> into <paramref name="stored"/>.</summary>
    public static string Union(string stored, string incoming) =>
        $"CASE WHEN {incoming} = '' THEN {stored} WHEN {stored} = '' THEN {incoming} WHEN instr({stored}, {incoming}) > 0 THEN {stored} ELSE {stored} || substr({incoming}, 2) END";

    /// <summary>SQL for the one-member set of parameter <paramref name="parameter"/>, empty when it is null.</summary>
    public static string Single(string parameter) => $"coalesce(char(31) || {parameter} || char(31), '')";

    /// <summary>The members, in ordinal order.</summary>
    public static ImmutableArray<string> Read(string column)
    {
        var members = column.Split(Separator, StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(members, StringComparer.Ordinal);
        return ImmutableArray.Create(members);
    }
}
