using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>The record being read by a DOM-based parser and the results it produced.</summary>
internal sealed class RecordContext(string source)
{
    /// <summary>The input's name, for errors and origins.</summary>
    public string Source { get; } = source;

    /// <summary>The record being read.</summary>
    public JsonRecord Record { get; set; }

    /// <summary>What the record produced so far.</summary>
    public List<ParseResult> Results { get; } = [];

    /// <summary>Where findings of this record came from (<c>source:line</c>).</summary>
    public string Origin => $"{Source}:{Record.Line}";

    /// <summary>Adds a finding.</summary>
    public void Ok(Finding finding) => Results.Add(ParseResult.Ok(finding));

    /// <summary>Adds an error at the record's position.</summary>
    public void Fail(string reason) => Results.Add(ParseResult.Fail(new RecordError(Source, Record.Line, Record.Offset, reason)));

    /// <summary>Maps one finding of a record; a <see cref="RecordFormatException"/> becomes an error and the record's other findings go on.</summary>
    public void Add(Func<Finding> map)
    {
        try
        {
            Ok(map());
        }
        catch (RecordFormatException ex)
        {
            Fail(ex.Message);
        }
    }
}
