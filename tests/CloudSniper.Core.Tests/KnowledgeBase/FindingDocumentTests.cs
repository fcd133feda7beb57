using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.KnowledgeBase;

public sealed class FindingDocumentTests
{
    [Fact]
    public void A_finding_reads_back_exactly_with_its_raw_document()
    {
        var raw = "{\"id\":\"f-1\",\"note\":\"é ü 漢字 🙂\",\"pad\":\"" + new string('x', 5000) + "\"}";
        var finding = TestFindings.GuardDuty("f-1", TestFindings.T0, ["198.51.100.7"]).Finding with { Raw = raw };

        var stored = FindingDocument.Encode(finding);
        var read = FindingDocument.Decode(stored);

        Assert.True(FindingDocument.IsEncoded(stored));
        Assert.Equal(raw, read.Raw);
        Assert.Equal(FindingJson.ToJson(finding), FindingJson.ToJson(read));
        Assert.True(stored.Length < raw.Length / 4, $"{stored.Length} bytes stored for {raw.Length} of raw text");
    }

    [Fact]
    public void An_empty_raw_document_stays_empty()
    {
        var finding = TestFindings.GuardDuty("f-2", null, []).Finding with { Raw = "" };

        Assert.Equal("", FindingDocument.Decode(FindingDocument.Encode(finding)).Raw);
    }

    [Fact]
    public void Plain_json_is_not_taken_for_an_encoded_finding()
    {
        var json = FindingJson.ToUtf8Bytes(TestFindings.GuardDuty("f-3", null, []).Finding);

        Assert.False(FindingDocument.IsEncoded(json));
        Assert.Throws<InvalidDataException>(() => FindingDocument.Decode(json));
    }

    [Fact]
    public void Damaged_bytes_are_reported_not_misread()
    {
        var stored = FindingDocument.Encode(TestFindings.GuardDuty("f-4", null, ["198.51.100.7"]).Finding);
        var truncated = stored.AsSpan(0, stored.Length / 2).ToArray();
        var flipped = stored.ToArray();
        flipped[^3] ^= 0x5A;
        var lying = stored.ToArray();
        lying[1] = 2;
        var huge = stored.ToArray();
        huge[4] = 0x7F;

        Assert.Throws<InvalidDataException>(() => FindingDocument.Decode(truncated));
        Assert.ThrowsAny<Exception>(() => FindingDocument.Decode(flipped));
        Assert.Throws<InvalidDataException>(() => FindingDocument.Decode(lying));
        Assert.Throws<InvalidDataException>(() => FindingDocument.Decode(huge));
    }

    [Fact]
    public void The_stored_form_of_an_item_is_computed_once_and_does_not_change_its_equality()
    {
        var item = TestFindings.GuardDuty("f-5", TestFindings.T0, ["198.51.100.7"]);
        var twin = item with { };

        var first = item.StoredDocument;

        Assert.True(first.Span.SequenceEqual(item.StoredDocument.Span));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out var a) & System.Runtime.InteropServices.MemoryMarshal.TryGetArray(item.StoredDocument, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(twin, item);
    }

    [Fact]
    public void A_copy_with_another_finding_encodes_its_own_finding()
    {
        var item = TestFindings.GuardDuty("f-6", TestFindings.T0, ["198.51.100.7"]);
        _ = item.StoredDocument;
        _ = item.Incidents;

        var copy = item with { Finding = item.Finding with { Id = "f-7", Raw = "{\"id\":\"f-7\"}" } };

        Assert.Equal("f-7", FindingDocument.Decode(copy.StoredDocument.Span).Id);
        Assert.Equal("{\"id\":\"f-7\"}", FindingDocument.Decode(copy.StoredDocument.Span).Raw);
        Assert.Equal("f-6", FindingDocument.Decode(item.StoredDocument.Span).Id);
        Assert.Equal(item.Incidents, copy.Incidents);
    }

    [Fact]
    public void A_finding_larger_than_the_kept_buffers_encodes_and_the_next_one_still_does()
    {
        var big = TestFindings.GuardDuty("f-8", TestFindings.T0, []).Finding with { Raw = "{\"pad\":\"" + new string('y', 3_000_000) + "\"}" };
        var small = TestFindings.GuardDuty("f-9", TestFindings.T0, []).Finding;

        var bigStored = FindingDocument.Encode(big);
        var smallStored = FindingDocument.Encode(small);

        Assert.Equal(big.Raw, FindingDocument.Decode(bigStored).Raw);
        Assert.Equal("f-9", FindingDocument.Decode(smallStored).Id);
    }
}
