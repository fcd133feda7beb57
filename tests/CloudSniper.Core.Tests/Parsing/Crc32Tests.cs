using System.Text;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Tests.Parsing;

public class Crc32Tests
{
    [Fact]
    public void Append_GivenTheStandardCheckInput_ReturnsTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Append(0, "123456789"u8));
        Assert.Equal(0u, Crc32.Append(0, []));
    }

    [Fact]
    public void Append_GivenAnyLengthAndSplit_AgreesWithTheTableImplementation()
    {
        var random = new Random(1234);
        var data = new byte[5000];
        random.NextBytes(data);
        for (var length = 0; length < data.Length; length += 1 + (length / 7))
        {
            var slice = data.AsSpan(random.Next(0, 16), Math.Min(length, data.Length - 16));
            var expected = ~Crc32.AppendTable(~0u, slice);
            Assert.Equal(expected, Crc32.Append(0, slice));

            var cut = slice.Length / 3;
            Assert.Equal(expected, Crc32.Append(Crc32.Append(0, slice[..cut]), slice[cut..]));
        }
    }

    [Fact]
    public void Append_GivenLongText_MatchesTheGzipTrailer()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("GuardDuty finding ", 1000)));
        var gz = TestFiles.Gzip(text);

        Assert.Equal(BitConverter.ToUInt32(gz, gz.Length - 8), Crc32.Append(0, text));
    }
}
