namespace CloudSniper.Core.Escaping;

/// <summary>The one CSV field encoder of every CSV the product writes (reports, exports, CLI output).</summary>
public static class CsvField
{
    /// <summary>
    /// Encodes a field: a value a spreadsheet would read as a formula gets a leading single quote, and a field holding a
    /// comma, double quote or line break is quoted with inner quotes doubled.
    /// </summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // OWASP "CSV Injection": a cell beginning with =, +, -, @, tab (0x09) or carriage return (0x0D) is evaluated
        // by spreadsheets; prefixing a single quote makes it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        // RFC 4180 section 2: fields containing line breaks, double quotes or commas are enclosed in double quotes, and
        // a double quote inside is escaped by another double quote.
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>One CSV record: the encoded fields joined by commas.</summary>
    public static string Record(IEnumerable<string> fields) => string.Join(',', fields.Select(Encode));
}
