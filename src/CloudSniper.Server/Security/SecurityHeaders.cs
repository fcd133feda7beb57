using Microsoft.AspNetCore.Http;

namespace CloudSniper.Server.Security;

/// <summary>
/// Headers on every answer: a strict Content-Security-Policy (scripts and styles only from this origin, never inline,
/// no framing), <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c> and
/// <c>X-Frame-Options: DENY</c> for browsers without CSP level 2.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
