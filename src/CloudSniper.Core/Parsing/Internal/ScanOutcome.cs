namespace CloudSniper.Core.Parsing.Internal;

/// <summary>How a scan of a JSON value ended.</summary>
internal enum ScanOutcome
{
    Complete,
    Truncated,
    EnteredWrapper,
}
