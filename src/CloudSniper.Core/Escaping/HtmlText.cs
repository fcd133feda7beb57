using System.Net;

namespace CloudSniper.Core.Escaping;

/// <summary>Encodes text for HTML element content and quoted attribute values.</summary>
public static class HtmlText
{
    /// <summary>Encodes <c>&amp; &lt; &gt; " '</c> so that markup in the value shows as text.</summary>
    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");
}
