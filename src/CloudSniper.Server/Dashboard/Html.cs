using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudSniper.Server.Dashboard;

/// <summary>
/// Builds a page as text. <see cref="Text"/> HTML-encodes every value (element content and quoted attribute values
/// alike, as <see cref="HtmlEncoder"/> encodes <c>&lt; &gt; &amp; " '</c>); <see cref="Url"/> percent-encodes a path
/// segment or query value before it is placed in an attribute. Only literal markup of this assembly goes through
/// <see cref="Raw"/>.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _text = new();

    public Html Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    public Html Text(string? value)
    {
        if (value is not null)
        {
            _text.Append(HtmlEncoder.Default.Encode(value));
        }

        return this;
    }

    public Html Text(JsonElement value) => Text(Show(value));

    /// <summary>A path segment or query value for a URL inside an attribute: percent-encoded, then HTML-encoded.</summary>
    public static string Url(string? value) => HtmlEncoder.Default.Encode(Uri.EscapeDataString(value ?? string.Empty));

    /// <summary>An attribute value or element text, HTML-encoded.</summary>
    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    /// <summary>A JSON value as a person reads it: strings bare, arrays joined with commas, numbers invariant.</summary>
    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : value.GetDouble().ToString("0.##", CultureInfo.InvariantCulture),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Show)),
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    public override string ToString() => _text.ToString();
}
