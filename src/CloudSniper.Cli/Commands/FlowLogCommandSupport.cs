using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using CloudSniper.Aws.FlowLogs;
using CloudSniper.Aws.Sources;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Ingestion.Sources;

namespace CloudSniper.Cli.Commands;

/// <summary>What <c>sniper beacons</c> and <c>sniper hunt</c> share: inputs, the time window, progress and the run's counters.</summary>
internal static class FlowLogCommandSupport
{
    /// <summary>The longest window analysed.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    public static Argument<string[]> Inputs() => new("inputs")
    {
        Description = "Flow logs: files (plain or gzip), directories, globs, '-' for stdin, or s3://bucket/prefix (the AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/ layout is narrowed to the window's days)",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string?> Since() => new("--since")
    {
        Description = "Start of the window: ISO 8601 time, Unix seconds, or an age such as 24h, 3d, 90m (default: the first record)",
    };

    public static Option<string?> Until() => new("--until")
    {
        Description = "End of the window (exclusive), same forms as --since (default: the last record); the window is at most 7 days",
    };

    public static Option<string[]> Internal() => new("--internal")
    {
        Description = "Internal network CIDR, repeatable or comma-separated (default: the private address space); flow-direction, where logged, takes precedence",
    };

    public static Option<string?> Out() => new("--out", "-o")
    {
        Description = "Write the output to FILE instead of stdout",
    };

    public static Option<bool> AssumeV2() => new("--assume-v2")
    {
        Description = "Read files without a header line as the default version 2 format (as CloudWatch Logs exports them) instead of rejecting their lines",
    };

    public static Option<int> Workers() => new("--workers")
    {
        Description = "Parsing threads (default: one per core, one fewer while only gzip has been read; a further thread reads and decompresses)",
    };

    /// <summary>The window from --since/--until; a usage error when it is reversed or longer than 7 days.</summary>
    public static (DateTimeOffset? Since, DateTimeOffset? Until) Window(string? since, string? until, DateTimeOffset now)
    {
        var s = since is null ? (DateTimeOffset?)null : ParseTime(since, now, "--since");
        var u = until is null ? (DateTimeOffset?)null : ParseTime(until, now, "--until");
        if (s is not null && u is not null)
        {
            if (u <= s)
            {
                throw new UsageException("--until must be after --since");
            }

            if (u - s > MaxWindow)
            {
                throw new UsageException($"the window from --since to --until is {(u.Value - s.Value).TotalDays:0.#} days; at most 7 are analysed");
            }
        }

        return (s, u);
    }

    /// <summary>Reads an ISO 8601 time, Unix seconds, or an age (30m, 24h, 7d) before <paramref name="now"/>.</summary>
    public static DateTimeOffset ParseTime(string text, DateTimeOffset now, string option)
    {
        var t = text.Trim();
        if (t.Length > 1 && char.IsAsciiDigit(t[0]) && t[^1] is 's' or 'm' or 'h' or 'd' && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            var span = t[^1] switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount) };
            return now - span;
        }

        if (t.All(char.IsAsciiDigit) && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
        {
            return when;
        }

        throw new UsageException($"{option} '{text}' is not a time: give ISO 8601 (2024-05-01T00:00:00Z), Unix seconds or an age such as 24h");
    }

    /// <summary>The internal networks from --internal; a usage error names a bad CIDR.</summary>
    public static NetworkSet? Networks(string[]? cidrs, string option)
    {
        if (cidrs is null || cidrs.Length == 0)
        {
            return null;
        }

        try
        {
            return NetworkSet.Parse(cidrs.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{option}: {ex.Message}");
        }
    }

    /// <summary>Every input document in argument order: local paths through the file source, s3:// prefixes through S3.</summary>
    public static async IAsyncEnumerable<InputDocument> Documents(IReadOnlyList<string> inputs, CliEnvironment env, DateTimeOffset? since, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AmazonS3Client? s3 = null;
        try
        {
            foreach (var input in inputs)
            {
                if (S3Prefix.TryParse(input, out var location))
                {
                    s3 ??= AwsClients.S3(env);
                    foreach (var prefix in FlowLogS3Layout.Prefixes(location, since, until))
                    {
                        await foreach (var d in new S3InputSource(s3, prefix).EnumerateAsync(cancellationToken).ConfigureAwait(false))
                        {
                            yield return d;
                        }
                    }

                    continue;
                }

                await foreach (var d in new FileInputSource(input, env.CurrentDirectory, env.OpenStdin).EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return d;
                }
            }
        }
        finally
        {
            s3?.Dispose();
        }
    }

    /// <summary>The bytes of the local inputs, for the progress bar; null when some input's size is unknown (stdin, S3).</summary>
    public static long? LocalSize(IReadOnlyList<string> inputs, CliEnvironment env)
    {
        long total = 0;
        foreach (var input in inputs)
        {
            if (input == "-" || input.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            foreach (var path in FileInputSource.Expand(input, env.CurrentDirectory))
            {
                var full = Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
                if (File.Exists(full))
                {
                    total += new FileInfo(full).Length;
                }
            }
        }

        return total;
    }

    /// <summary>Draws a progress line on stderr until <paramref name="done"/> completes, on a terminal only.</summary>
    public static async Task ProgressAsync(CliEnvironment env, bool quiet, FlowLogReader reader, long? total, Task done)
    {
        if (quiet || !env.ErrorIsTerminal)
        {
            await done.ConfigureAwait(false);
            return;
        }

        var started = env.Time.GetTimestamp();
        while (await Task.WhenAny(done, Task.Delay(250)).ConfigureAwait(false) != done)
        {
            var read = reader.RawBytesRead;
            var seconds = Math.Max(0.001, env.Time.GetElapsedTime(started).TotalSeconds);
            var rate = read / seconds / 1e6;
            string line;
            if (total is > 0)
            {
                var share = Math.Clamp((double)read / total.Value, 0, 1);
                var filled = (int)(share * 30);
                line = string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('-', 30 - filled)}] {share * 100,3:0}% {read / 1e6:N0}/{total.Value / 1e6:N0} MB {rate:N0} MB/s ");
            }
            else
            {
                line = string.Create(CultureInfo.InvariantCulture, $"\rread {read / 1e6:N0} MB {rate:N0} MB/s ");
            }

            await env.Error.WriteAsync(line).ConfigureAwait(false);
        }

        await env.Error.WriteAsync("\r" + new string(' ', 72) + "\r").ConfigureAwait(false);
        await done.ConfigureAwait(false);
    }

    /// <summary>Prints the read's counters and the first rejected lines to stderr.</summary>
    public static void PrintCounters(CliEnvironment env, FlowReadCounters counters, IEnumerable<string> extra, TimeSpan elapsed)
    {
        var e = env.Error;
        var rate = counters.Records / Math.Max(0.001, elapsed.TotalSeconds);
        e.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"files {counters.Files:N0}, records {counters.Records:N0}, NODATA {counters.NoData:N0}, SKIPDATA {counters.SkipData:N0}, rejected {counters.Rejected:N0}; {elapsed.TotalSeconds:0.00} s ({rate / 1e6:0.00} M records/s)"));
        foreach (var (reason, count) in counters.RejectedByReason)
        {
            e.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rejected, {FlowReadCounters.ReasonText(reason)}: {count:N0}"));
        }

        foreach (var example in counters.Examples.Take(10))
        {
            e.WriteLine($"  {example}");
        }

        foreach (var line in extra)
        {
            e.WriteLine(line);
        }
    }

    /// <summary>Runs <paramref name="write"/> against stdout, or a file for --out.</summary>
    public static async Task WriteOutputAsync(CliEnvironment env, string? outPath, Action<CliEnvironment> write)
    {
        if (string.IsNullOrEmpty(outPath))
        {
            write(env);
            return;
        }

        var full = Path.IsPathRooted(outPath) ? outPath : Path.Combine(env.CurrentDirectory, outPath);
        var writer = new StreamWriter(full, false, new System.Text.UTF8Encoding(false));
        await using (writer.ConfigureAwait(false))
        {
            var fileEnv = new CliEnvironment
            {
                Out = writer,
                Error = env.Error,
                OpenStdin = env.OpenStdin,
                ErrorIsTerminal = env.ErrorIsTerminal,
                OutIsTerminal = false,
                GetVariable = env.GetVariable,
                Time = env.Time,
                CurrentDirectory = env.CurrentDirectory,
            };
            write(fileEnv);
        }
    }

    /// <summary>True when the read hit an AWS error rather than bad data (exit 4).</summary>
    public static bool IsAwsError(Exception ex) => ex is AmazonServiceException or AmazonClientException;
}
