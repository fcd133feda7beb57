using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using CloudSniper.Core.FlowLogs.Internal;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.FlowLogs;

/// <summary>
/// Streams VPC flow logs (plain or gzip, header-driven) into record sinks. One thread reads and decompresses and
/// cuts the text into chunks of whole lines; one worker per sink parses and aggregates, so that on two cores
/// decompression and parsing overlap. Bad lines are counted by reason with their source and line; a corrupt gzip
/// loses only the rest of its own file.
/// </summary>
public sealed class FlowLogReader(FlowLogReaderOptions? options = null)
{
    private readonly FlowLogReaderOptions options = options ?? new FlowLogReaderOptions();
    private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> buffers = new();
    private long rawBytesRead;

    /// <summary>Raw (possibly compressed) input bytes consumed so far, for progress.</summary>
    public long RawBytesRead => Interlocked.Read(ref rawBytesRead);

    /// <summary>
    /// Reads every document into the sinks and returns the counters. Each sink gets a parsing thread of its own, but
    /// the last one only once a document that is not compressed is read: while the reading thread decompresses, it
    /// takes a core of its own, and one parsing thread fewer keeps it from being preempted by them (on two cores, a
    /// gzip run is up to 20 % faster and much steadier with one parser than with two). A sink without a thread receives
    /// no records.
    /// </summary>
    public async Task<FlowReadCounters> ReadAsync(IAsyncEnumerable<InputDocument> documents, IReadOnlyList<IFlowRecordSink> sinks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(sinks);
        if (sinks.Count == 0)
        {
            throw new ArgumentException("at least one sink is needed", nameof(sinks));
        }

        using var queue = new ChunkQueue(sinks.Count * 3);
        var workerCounters = sinks.Select(_ => new FlowReadCounters { MaxExamples = options.MaxRejectExamples }).ToArray();
        var workers = new List<Task>(sinks.Count);
        void Parsers(int count)
        {
            while (workers.Count < count)
            {
                var i = workers.Count;
                workers.Add(StartWorker(queue, sinks[i], workerCounters[i], cancellationToken));
            }
        }

        Parsers(Math.Max(1, sinks.Count - 1));
        var total = new FlowReadCounters { MaxExamples = options.MaxRejectExamples };
        try
        {
            await foreach (var document in documents.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                total.Files++;
                await ProduceAsync(document, queue, total, compressed =>
                {
                    if (!compressed)
                    {
                        Parsers(sinks.Count);
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.Complete(workers.Count);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        foreach (var c in workerCounters)
        {
            total.Add(c);
        }

        return total;
    }

    /// <summary>Reads one plain or gzip stream into one sink on the calling thread (tests, small inputs).</summary>
    public FlowReadCounters Read(Stream input, string source, IFlowRecordSink sink, CancellationToken cancellationToken = default)
    {
        var document = new InputDocument(source, _ => Task.FromResult(input));
        return ReadAsync(One(document), [sink], cancellationToken).GetAwaiter().GetResult();
    }

    private static async IAsyncEnumerable<InputDocument> One(InputDocument d)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return d;
    }

    private async Task ProduceAsync(InputDocument document, ChunkQueue queue, FlowReadCounters counters, Action<bool> opened, CancellationToken cancellationToken)
    {
        Stream raw;
        try
        {
            raw = await document.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            counters.Reject(FlowRejectReason.Unreadable, document.Name, null, ex.Message);
            return;
        }

        var peek = new byte[2];
        var peeked = 0;
        GzipDecompressionStream? gz = null;
        InputStream? input = null;
        Stream? text = null;
        var line = 1L;
        byte[]? buffer = null;
        var carry = 0;
        FlowLogFormat? format = null;
        var headerDone = false;
        var headerProblem = FlowRejectReason.MissingHeader;
        string? headerDetail = null;
        var skipToNewline = false;
        try
        {
            try
            {
                while (peeked < 2)
                {
                    var n = await raw.ReadAsync(peek.AsMemory(peeked), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    peeked += n;
                }
            }
            catch (IOException ex)
            {
                counters.Reject(FlowRejectReason.Unreadable, document.Name, null, ex.Message);
                await raw.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Interlocked.Add(ref rawBytesRead, peeked);
            input = new InputStream(raw, peek, peeked, n => Interlocked.Add(ref rawBytesRead, n));
            var gzip = DocumentReader.IsGzip(peek.AsSpan(0, peeked));
            opened(gzip);
            // The checking decompressor reads every member (RFC 1952 §2.2) and verifies each CRC-32 and ISIZE trailer, so a
            // file cut anywhere, even at a line boundary, is told from a whole one; it also caps the decompressed size.
            text = gzip ? gz = new GzipDecompressionStream(input, options.MaxDecompressedBytes) : input;

            // A local file is read synchronously: an asynchronous read of a file hands every few kilobytes of
            // compressed input to the thread pool and back, on the one thread that bounds a gzip run.
            var local = raw is FileStream;
            buffer = RentBuffer();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read;
                try
                {
                    read = local
                        ? ReadFull(text, buffer.AsSpan(carry, buffer.Length - carry))
                        : await ReadFullAsync(text, buffer.AsMemory(carry, buffer.Length - carry), cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    counters.Reject(FlowRejectReason.CorruptGzip, document.Name, line, ex.Message + "; the rest of this file is skipped", input.Consumed);
                    return;
                }
                catch (IOException ex)
                {
                    counters.Reject(gzip ? FlowRejectReason.CorruptGzip : FlowRejectReason.Unreadable, document.Name, line, ex.Message + "; the rest of this file is skipped", input.Consumed);
                    return;
                }

                var filled = carry + read;
                var eof = read == 0;
                counters.Bytes += read;
                if (eof && gz?.Error is { } fault)
                {
                    // The lines before the fault were handed on; an incomplete last line is not trusted.
                    var skipped = carry > 0 ? "; the incomplete last line is skipped" : "";
                    counters.Reject(FlowRejectReason.CorruptGzip, document.Name, line, $"{fault} (after {gz.DecompressedBytes} decompressed bytes){skipped}", gz.ErrorOffset);
                    break;
                }

                var span = buffer.AsSpan(0, filled);
                var start = 0;
                if (skipToNewline)
                {
                    var nl = span.IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        carry = 0;
                        if (eof)
                        {
                            break;
                        }

                        continue;
                    }

                    start = nl + 1;
                    line++;
                    skipToNewline = false;
                }

                if (!headerDone)
                {
                    var nl = span[start..].IndexOf((byte)'\n');
                    if (nl < 0 && !eof && filled < buffer.Length)
                    {
                        carry = filled;
                        continue;
                    }

                    var headerLine = nl < 0 ? span[start..] : span.Slice(start, nl);
                    if (headerLine.Length > 0 && headerLine[^1] == (byte)'\r')
                    {
                        headerLine = headerLine[..^1];
                    }

                    headerDone = true;
                    if (FlowLogFormat.LooksLikeHeader(headerLine))
                    {
                        if (!FlowLogFormat.TryParse(headerLine, out format, out headerDetail))
                        {
                            headerProblem = FlowRejectReason.UnknownHeader;
                        }

                        start = nl < 0 ? filled : start + nl + 1;
                        line = 2;
                    }
                    else if (headerLine.Length == 0 && eof)
                    {
                        break;
                    }
                    else
                    {
                        format = options.HeaderlessFormat;
                        headerProblem = FlowRejectReason.MissingHeader;
                        headerDetail = "the first line is not a header naming the fields: '" + Preview(headerLine) + "'";
                    }

                    if (format is null)
                    {
                        // A README, a findings export or any other file in a flow-log folder: one reject for the file,
                        // not one per line, and none of its lines is read as a record.
                        var hint = headerProblem == FlowRejectReason.MissingHeader ? " (lines exported without their header need --assume-v2)" : "";
                        counters.Reject(headerProblem, document.Name, 1, "not a flow log: " + headerDetail + hint);
                        break;
                    }
                }

                var payload = span[start..];
                int cut;
                if (eof)
                {
                    cut = payload.Length;
                }
                else
                {
                    cut = payload.LastIndexOf((byte)'\n') + 1;
                    if (cut == 0)
                    {
                        if (filled < buffer.Length)
                        {
                            // Not a full buffer yet: read more before cutting.
                            buffer.AsSpan(start, payload.Length).CopyTo(buffer);
                            carry = payload.Length;
                            continue;
                        }

                        // One line fills the whole chunk: no flow-log line is that long.
                        counters.Reject(FlowRejectReason.LongLine, document.Name, line, $"line longer than {buffer.Length} bytes");
                        skipToNewline = true;
                        carry = 0;
                        continue;
                    }
                }

                // The filled buffer itself goes to a worker; only the incomplete last line moves to a fresh one.
                FlowChunk? chunk = null;
                var next = RentBuffer();
                var remaining = payload.Length - cut;
                payload[cut..].CopyTo(next);
                if (cut > 0)
                {
                    chunk = new FlowChunk
                    {
                        Buffer = buffer,
                        Offset = start,
                        Length = cut,
                        Source = document.Name,
                        FirstLine = line,
                        Format = format,
                        HeaderProblem = headerProblem,
                        HeaderDetail = headerDetail,
                    };
                    line += payload[..cut].Count((byte)'\n');
                }
                else
                {
                    ReturnBuffer(buffer);
                }

                buffer = next;
                carry = remaining;
                if (chunk is not null)
                {
                    await queue.AddAsync(chunk, cancellationToken).ConfigureAwait(false);
                }

                if (eof)
                {
                    break;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ReturnBuffer(buffer);
            }

            if (text is not null)
            {
                await text.DisposeAsync().ConfigureAwait(false);
            }
            else if (input is not null)
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await raw.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first.</summary>
    private static int ReadFull(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>Fills <paramref name="memory"/> unless the stream ends first: decompressors return a few KiB a call, and whole chunks keep hand-offs rare.</summary>
    private static async ValueTask<int> ReadFullAsync(Stream stream, Memory<byte> memory, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < memory.Length)
        {
            var n = await stream.ReadAsync(memory[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>
    /// Chunk buffers circulate between the reading thread and the workers through this queue: buffers rented on one
    /// thread and returned on another defeat the shared pool's per-thread caches, and every miss is a new 1 MiB
    /// large-object allocation that brings on a full collection.
    /// </summary>
    private byte[] RentBuffer() => buffers.TryDequeue(out var b) ? b : GC.AllocateUninitializedArray<byte>(options.ChunkSize);

    private void ReturnBuffer(byte[] buffer)
    {
        if (buffer.Length == options.ChunkSize && buffers.Count < 64)
        {
            buffers.Enqueue(buffer);
        }
    }

    /// <summary>
    /// A parsing worker on a thread of its own: on pool threads, workers that parse flat out starve the pool, and the
    /// reading thread's own continuations (file and S3 reads complete on the pool) wait behind them, which serialises
    /// reading and parsing on two cores.
    /// </summary>
    private Task StartWorker(ChunkQueue queue, IFlowRecordSink sink, FlowReadCounters counters, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Compile(sink);
                Consume(queue, sink, counters, cancellationToken);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "flow-log parser",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Compiles the per-line code before the first chunk arrives. Compiled at its first call instead, it would hold
    /// the first chunks long enough for the reader to fill the queue and wait, on the thread that bounds a gzip run.
    /// </summary>
    private static void Compile(IFlowRecordSink sink)
    {
        const System.Reflection.BindingFlags Static = System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
        RuntimeHelpers.PrepareMethod(typeof(FlowLogReader).GetMethod(nameof(ParseChunk), Static)!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(DefaultLineScanner).GetMethod(nameof(DefaultLineScanner.TryRead), Static)!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(FlowLineParser).GetMethod(nameof(FlowLineParser.ParseDefault), Static)!.MethodHandle);
        var map = sink.GetType().GetInterfaceMap(typeof(IFlowRecordSink));
        foreach (var method in map.TargetMethods)
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
    }

    private void Consume(ChunkQueue queue, IFlowRecordSink sink, FlowReadCounters counters, CancellationToken cancellationToken)
    {
        var record = default(FlowRecord);
        while (queue.TryTake(out var chunk, cancellationToken))
        {
            try
            {
                ParseChunk(chunk, sink, counters, ref record);
            }
            finally
            {
                ReturnBuffer(chunk.Buffer);
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ParseChunk(FlowChunk chunk, IFlowRecordSink sink, FlowReadCounters counters, ref FlowRecord record)
    {
        var span = chunk.Buffer.AsSpan(chunk.Offset, chunk.Length);
        var columns = chunk.Format?.ColumnArray;
        var defaultLayout = chunk.Format?.IsDefaultLayout ?? false;
        var line = chunk.FirstLine;
        long ok = 0;
        while (span.Length > 0)
        {
            if (defaultLayout && DefaultLineScanner.TryRead(span, ref record, out var length))
            {
                ok++;
                sink.OnRecord(in record);
                span = span[(length + 1)..];
                line++;
                continue;
            }

            var nl = span.IndexOf((byte)'\n');
            ReadOnlySpan<byte> text;
            if (nl < 0)
            {
                text = span;
                span = default;
            }
            else
            {
                text = span[..nl];
                span = span[(nl + 1)..];
            }

            if (text.Length > 0 && text[^1] == (byte)'\r')
            {
                text = text[..^1];
            }

            if (columns is null)
            {
                if (!text.Trim((byte)' ').IsEmpty)
                {
                    counters.Reject(chunk.HeaderProblem, chunk.Source, line, chunk.HeaderDetail ?? "");
                }

                line++;
                continue;
            }

            var status = defaultLayout
                ? FlowLineParser.ParseDefault(text, ref record, out var reason, out var column)
                : FlowLineParser.Parse(text, columns, ref record, out reason, out column);
            switch (status)
            {
                case FlowLineStatus.Ok:
                    ok++;
                    sink.OnRecord(in record);
                    break;
                case FlowLineStatus.NoData:
                    counters.NoData++;
                    break;
                case FlowLineStatus.SkipData:
                    counters.SkipData++;
                    break;
                case FlowLineStatus.Rejected:
                    counters.Reject(reason, chunk.Source, line, Describe(chunk.Format!, column, text));
                    break;
                default:
                    break;
            }

            line++;
        }

        counters.Records += ok;
    }

    private static string Describe(FlowLogFormat format, int column, ReadOnlySpan<byte> text)
    {
        if (column < 0 || column >= format.Columns.Count)
        {
            return $"{format.Columns.Count} fields expected: '{Preview(text)}'";
        }

        var tokens = Encoding.ASCII.GetString(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var value = column < tokens.Length ? tokens[column] : "";
        return $"field {column + 1} ({FlowLogFormat.Name(format.Columns[column])}) = '{Escaping.ErrorPreview.Of(value)}'";
    }

    private static string Preview(ReadOnlySpan<byte> text) => Escaping.ErrorPreview.Of(text, 80);
}
