namespace CloudSniper.Cli.Output;

/// <summary>One column of tabular output: a header and how to read the cell from a row.</summary>
/// <param name="Header">The column's header (short; explained by <paramref name="Meaning"/> when abbreviated).</param>
/// <param name="Value">Reads the cell from a row.</param>
/// <param name="AlignRight">Right-aligned, for numbers.</param>
/// <param name="Whole">Never wrapped or cut in a table: ids and addresses, which a person copies into the next command.</param>
/// <param name="Drop">Where a table is too narrow, columns with the highest value are left out first; 0 is never left out.</param>
/// <param name="Meaning">What an abbreviated header stands for, printed under the table.</param>
public sealed record Column<T>(string Header, Func<T, object?> Value, bool AlignRight = false, bool Whole = false, int Drop = 0, string? Meaning = null);
