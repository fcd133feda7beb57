using System.Security.Cryptography;
using System.Text;

namespace CloudSniper.Core.Exports;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5, SHA-1), so that exporting the same indicator twice gives the same STIX id
/// and consumers update rather than duplicate it.
/// </summary>
public static class DeterministicUuid
{
    /// <summary>The namespace of Cloud Sniper's own objects (a fixed random UUID).</summary>
    public static readonly Guid ProductNamespace = new("6f1c3a52-9d1e-4d8b-8a0e-2b8f5c1d7e43");

    /// <summary>The version-5 UUID of <paramref name="name"/> in <paramref name="namespaceId"/>.</summary>
    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 specifies for version-5 UUIDs; it is an identifier, not a security control.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
