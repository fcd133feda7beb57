using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;

namespace CloudSniper.Cli.Tests.Output;

/// <summary>Hostile cell text in CSV, Markdown and HTML output; expected text written by hand from OWASP "CSV Injection", RFC 4180, CommonMark and HTML.</summary>
public sealed class DataWriterEncodingTests
{
    private static readonly string[] Cells = ["=HYPERLINK(\"http://x\")", "\t=1+1", "\r=cmd", "<img src=x onerror=alert(1)>", "| break | table\nnext"];

    private static string Write(OutputFormat format)
    {
        var output = new StringWriter { NewLine = "\n" };
        var env = new CliEnvironment { Out = output, Error = TextWriter.Null, OpenStdin = () => Stream.Null };
        DataWriter.Write(env, format, Cells, [new Column<string>("Value", v => v)]);
        return output.ToString();
    }

    [Fact]
    public void Csv_GivenFormulaCells_PrefixesAQuoteAndQuotesPerRfc4180() =>
        Assert.Equal(
            "Value\n\"'=HYPERLINK(\"\"http://x\"\")\"\n'\t=1+1\n\"'\r=cmd\"\n<img src=x onerror=alert(1)>\n\"| break | table\nnext\"\n",
            Write(OutputFormat.Csv));

    [Fact]
    public void Markdown_GivenHtmlAndTableBreakers_WritesThemAsTextInOneRowEach() =>
        Assert.Equal(
            "| Value |\n| --- |\n| =HYPERLINK(\"http://x\") |\n| \t=1+1 |\n|  =cmd |\n| &lt;img src=x onerror=alert(1)&gt; |\n| \\| break \\| table next |\n",
            Write(OutputFormat.Md));

    [Fact]
    public void Html_GivenMarkup_EncodesIt()
    {
        var html = Write(OutputFormat.Html);

        Assert.Contains("<td>&lt;img src=x onerror=alert(1)&gt;</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }
}
