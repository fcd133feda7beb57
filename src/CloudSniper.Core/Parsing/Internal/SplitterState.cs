namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Where <see cref="JsonRecordSplitter"/> is in a structural input.</summary>
internal enum SplitterState
{
    TopLevel,
    InArray,
    InWrapperArray,
    InWrapperObject,
    Done,
}
