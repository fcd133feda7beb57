namespace CloudSniper.Cli.Output;

/// <summary>One column of tabular output: a header and how to read the cell from a row.</summary>
public sealed record Column<T>(string Header, Func<T, object?> Value, bool AlignRight = false);
