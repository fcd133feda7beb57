namespace CloudSniper.Core.Parsing.Internal;

/// <summary>One line of a text input (without its line break), or why it was skipped; <see cref="Data"/> is valid until the next line.</summary>
internal readonly record struct TextLine(ReadOnlyMemory<byte> Data, long Offset, long Line, string? Error);
