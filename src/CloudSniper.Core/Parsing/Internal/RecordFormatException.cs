namespace CloudSniper.Core.Parsing.Internal;

/// <summary>A record that is valid JSON but not a valid finding (a missing id, a count that is an object, …).</summary>
internal sealed class RecordFormatException : Exception
{
    /// <summary>Creates the exception with the reason shown to the user.</summary>
    public RecordFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason shown to the user and its cause.</summary>
    public RecordFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public RecordFormatException()
        : base("not a valid finding")
    {
    }
}
