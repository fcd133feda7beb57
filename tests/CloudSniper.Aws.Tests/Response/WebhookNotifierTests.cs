using System.Security.Cryptography;
using System.Text;
using CloudSniper.Aws.Response;

namespace CloudSniper.Aws.Tests.Response;

/// <summary>
/// The webhook signature against values computed outside the product: RFC 4231 vectors for the HMAC-SHA256 a receiver
/// uses, and signatures of the documented string to sign (<c>timestamp "." body</c>, docs/response.md) computed once
/// with <c>printf '%s' "$timestamp.$body" | openssl dgst -sha256 -hmac "$secret"</c> and pinned here.
/// </summary>
public class WebhookNotifierTests
{
    /// <summary>The HMAC-SHA256 a receiver computes, as lowercase hex.</summary>
    private static string Hmac(byte[] key, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(key, data));

    /// <summary>The header value a receiver expects, by the documented recipe; its primitive is proven on RFC 4231 below.</summary>
    internal static string ReceiverSignature(string secret, string timestamp, string body) =>
        "sha256=" + Hmac(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));

    [Theory]
    // RFC 4231 section 4.2, Test Case 1: key 0x0b x 20, data "Hi There".
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    // RFC 4231 section 4.3, Test Case 2: key "Jefe", data "what do ya want for nothing?".
    [InlineData("4a656665", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void ReceiverHmac_GivenRfc4231Vectors_ComputesTheirPublishedValue(string keyHex, string data, string expected) =>
        Assert.Equal(expected, Hmac(Convert.FromHexString(keyHex), Encoding.ASCII.GetBytes(data)));

    [Theory]
    [InlineData("secret", "1700000000", "{\"a\":1}", "sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686")]
    // Secret and body outside ASCII: the documented recipe signs their UTF-8 bytes.
    [InlineData("s\u00e9cret", "1700000000", "{\"note\":\"caf\u00e9 \u2713\"}", "sha256=bda86352aa109b6e3ce49aed64d2a13dc47d15ee459e5fe3a9239f83442f4873")]
    public void Sign_GivenTimestampAndBody_ReturnsTheSignatureOpensslComputesForTimestampDotBody(string secret, string timestamp, string body, string expected)
    {
        Assert.Equal(expected, WebhookNotifier.Sign(secret, timestamp, body));
        Assert.Equal(expected, ReceiverSignature(secret, timestamp, body));
    }
}
