using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudSniper.Core.Access;

/// <summary>
/// Signed feed requests: <c>X-Sniper-Timestamp</c> holds Unix seconds and <c>X-Sniper-Signature</c> holds
/// <c>sha256=</c> and the lower-case hex HMAC-SHA256 (RFC 2104) of <c>"&lt;timestamp&gt;.&lt;raw body&gt;"</c> keyed with the
/// feed's secret. Binding the timestamp into the signed text lets a short skew window and a store of seen signatures
/// stop replays.
/// </summary>
public static class FeedSignature
{
    public const string TimestampHeader = "X-Sniper-Timestamp";
    public const string SignatureHeader = "X-Sniper-Signature";
    private const string Scheme = "sha256=";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/> (for senders and tests of senders).</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Scheme + Convert.ToHexStringLower(Mac(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>
    /// Checks the headers of a request against <paramref name="secret"/> (null: the feed is unknown). The signature is
    /// compared in constant time; a timestamp more than <paramref name="skew"/> away from <paramref name="now"/> either
    /// way is stale. <paramref name="expiresAt"/> is when a replay of it would be stale anyway.
    /// </summary>
    public static FeedVerdict Verify(string? secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan skew, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (string.IsNullOrEmpty(secret))
        {
            return FeedVerdict.UnknownFeed;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return FeedVerdict.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
        {
            return FeedVerdict.StaleTimestamp;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sent).Duration() > skew)
        {
            return FeedVerdict.StaleTimestamp;
        }

        if (!signature.StartsWith(Scheme, StringComparison.Ordinal) || signature.Length != Scheme.Length + 64)
        {
            return FeedVerdict.BadSignature;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(Scheme.Length));
        }
        catch (FormatException)
        {
            return FeedVerdict.BadSignature;
        }

        var expected = Mac(secret, timestamp, body);
        if (!CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return FeedVerdict.BadSignature;
        }

        expiresAt = sent + skew;
        return FeedVerdict.Valid;
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
