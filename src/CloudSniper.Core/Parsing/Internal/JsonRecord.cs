namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// One top-level JSON record cut from a document (a JSON line, an array element, a wrapper's element), or the
/// reason a stretch of input could not be cut into a record. <see cref="Data"/> is only valid until the next record.
/// </summary>
internal readonly record struct JsonRecord(ReadOnlyMemory<byte> Data, long Offset, long Line, string? Error);
