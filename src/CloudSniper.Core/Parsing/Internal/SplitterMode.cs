namespace CloudSniper.Core.Parsing.Internal;

/// <summary>How <see cref="JsonRecordSplitter"/> reads its input, decided from the first lines.</summary>
internal enum SplitterMode
{
    Undetermined,

    /// <summary>JSON lines: every non-blank line is a record, so one broken line never affects the next.</summary>
    Lines,

    /// <summary>Documents, arrays and wrappers, cut by bracket depth.</summary>
    Structural,
}
