namespace CloudSniper.Core.Sigma.Internal;

/// <summary>Raised while compiling a rule that uses something this engine does not support; the rule is skipped with the message.</summary>
internal sealed class SigmaUnsupportedException(string message) : Exception(message);
