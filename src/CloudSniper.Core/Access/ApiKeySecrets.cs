using System.Security.Cryptography;
using System.Text;

namespace CloudSniper.Core.Access;

/// <summary>Makes and hashes API key secrets: <c>snp_</c> then 256 random bits in base64url (43 characters).</summary>
public static class ApiKeySecrets
{
    /// <summary>The prefix that makes a leaked key recognisable to secret scanners.</summary>
    public const string Prefix = "snp_";

    /// <summary>A new secret from the system's cryptographic random generator.</summary>
    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The lower-case hex SHA-256 of the secret's UTF-8 bytes, as stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two hashes in time independent of where they differ.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
