namespace CloudSniper.Core.Sigma.Internal;

/// <summary>How a compiled value is matched.</summary>
internal enum PatternKind
{
    Glob,
    Regex,
    Cidr,
    Number,
    FieldRef,
    Null,
}
