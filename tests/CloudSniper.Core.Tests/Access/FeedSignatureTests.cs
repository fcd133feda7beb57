using System.Text;
using CloudSniper.Core.Access;

namespace CloudSniper.Core.Tests.Access;

public sealed class FeedSignatureTests
{
    // printf '1796126400.185.156.73.54\n' | openssl dgst -sha256 -hmac 'acme-secret-0123456789'
    private const string Expected = "sha256=a52684272f7d13b1eaa6a726f5409b3507f10b6c487267d8060d93487f4dfe9b";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("185.156.73.54\n");
    private static readonly DateTimeOffset Sent = DateTimeOffset.FromUnixTimeSeconds(1796126400);

    [Fact]
    public void Sign_matches_the_openssl_vector() =>
        Assert.Equal(Expected, FeedSignature.Sign("acme-secret-0123456789", 1796126400, Body));

    [Theory]
    [InlineData("acme-secret-0123456789", "1796126400", Expected, 0, FeedVerdict.Valid)]
    [InlineData("acme-secret-0123456789", "1796126400", Expected, 300, FeedVerdict.Valid)]
    [InlineData("acme-secret-0123456789", "1796126400", Expected, 301, FeedVerdict.StaleTimestamp)]
    [InlineData("acme-secret-0123456789", "1796126400", Expected, -301, FeedVerdict.StaleTimestamp)]
    [InlineData("acme-secret-0123456789", "-5", Expected, 0, FeedVerdict.StaleTimestamp)]
    [InlineData("wrong-secret", "1796126400", Expected, 0, FeedVerdict.BadSignature)]
    [InlineData("acme-secret-0123456789", "1796126400", "sha256=zz", 0, FeedVerdict.BadSignature)]
    [InlineData("acme-secret-0123456789", "1796126400", "SHA256=A52684272F7D13B1EAA6A726F5409B3507F10B6C487267D8060D93487F4DFE9B", 0, FeedVerdict.BadSignature)]
    [InlineData(null, "1796126400", Expected, 0, FeedVerdict.UnknownFeed)]
    [InlineData("acme-secret-0123456789", null, Expected, 0, FeedVerdict.MissingHeaders)]
    public void Verify_checks_secret_skew_and_format(string? secret, string? timestamp, string signature, int secondsLater, FeedVerdict expected)
    {
        var verdict = FeedSignature.Verify(secret, timestamp, signature, Body, Sent.AddSeconds(secondsLater), TimeSpan.FromMinutes(5), out var expiresAt);

        Assert.Equal(expected, verdict);
        if (expected == FeedVerdict.Valid)
        {
            Assert.Equal(Sent.AddMinutes(5), expiresAt);
        }
    }
}
