using System.IO.Compression;
using System.Text;
using CloudSniper.Core.Runbook;

namespace CloudSniper.Core.Tests.Runbook;

public class InspectorFindingReaderTests
{
    private const string Finding = """{"findingArn":"arn:aws:inspector2:eu-west-1:111122223333:finding/F1","severity":"HIGH","title":"CVE-2024-1","status":"ACTIVE"}""";

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(plain);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Runbook_GivenAnInspectorGzipBomb_RejectsItNamingTheSourceAndLimitAndReadsTheOthers()
    {
        var dir = Directory.CreateTempSubdirectory("inspector-bomb-").FullName;
        try
        {
            // 8 MiB of spaces after one finding: a small object that inflates far past the 1 MiB allowed here.
            var bomb = Path.Combine(dir, "bomb.json.gz");
            File.WriteAllBytes(bomb, Gzip([.. Encoding.UTF8.GetBytes("{\"findings\":[" + Finding), .. Enumerable.Repeat((byte)' ', 8 << 20), .. "]}"u8]));
            var good = Path.Combine(dir, "good.json");
            File.WriteAllText(good, "{\"findings\":[" + Finding.Replace("F1", "F2", StringComparison.Ordinal) + "]}");

            var report = await new RunbookRunner(new FixedTime(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero)))
                .RunAsync(new RunbookInputs { Inspector = [bomb, good], MaxDecompressedBytes = 1 << 20 }, cancellationToken: TestContext.Current.CancellationToken);

            var input = Assert.Single(report.Inputs, i => i.Kind == "inspector");
            Assert.Equal(1, input.Records);
            Assert.Equal(1, input.Rejected);
            var error = Assert.Single(input.Errors);
            Assert.StartsWith(bomb, error, StringComparison.Ordinal);
            Assert.Contains("exceeds the limit of 1048576 bytes", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ReadStream_GivenGzipCutInsideItsTrailer_KeepsTheFindingsAndReportsTheTruncation()
    {
        var gz = Gzip(Encoding.UTF8.GetBytes(Finding + "\n"));

        var (findings, errors, _) = InspectorFindingReader.ReadStream(new MemoryStream(gz[..^4]), "cut.json.gz");

        Assert.Single(findings);
        Assert.Contains("truncated", Assert.Single(errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadStream_GivenTwoGzipMembers_ReadsBoth()
    {
        var a = Gzip(Encoding.UTF8.GetBytes(Finding + "\n"));
        var b = Gzip(Encoding.UTF8.GetBytes(Finding.Replace("F1", "F2", StringComparison.Ordinal) + "\n"));

        var (findings, errors, _) = InspectorFindingReader.ReadStream(new MemoryStream([.. a, .. b]), "two.json.gz");

        Assert.Empty(errors);
        Assert.Equal(["arn:aws:inspector2:eu-west-1:111122223333:finding/F1", "arn:aws:inspector2:eu-west-1:111122223333:finding/F2"], findings.Select(f => f.Id));
    }
}
