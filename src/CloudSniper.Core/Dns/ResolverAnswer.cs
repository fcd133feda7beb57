namespace CloudSniper.Core.Dns;

/// <summary>One answer of a logged query: its data (an address, a name, text), record type and class.</summary>
public readonly record struct ResolverAnswer(string Rdata, string Type, string Class);
