using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CloudSniper.Server.Metrics;

/// <summary>
/// The server's counters and histograms, written in the Prometheus text exposition format (version 0.0.4): findings
/// in and rejected by source, actions by kind and outcome, HTTP request durations, queue receive lag.
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>Histogram bucket bounds in seconds, the Prometheus client libraries' defaults.</summary>
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, long> _findingsIn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _findingsRejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, string Outcome), long> _actions = new();
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), Histogram> _http = new();
    private readonly ConcurrentDictionary<string, Histogram> _queueLag = new(StringComparer.Ordinal);

    public void FindingsIn(string source, long count) => _findingsIn.AddOrUpdate(source, count, (_, v) => v + count);

    public void FindingsRejected(string source, long count) => _findingsRejected.AddOrUpdate(source, count, (_, v) => v + count);

    public void ActionPlanned(string kind, string outcome) => _actions.AddOrUpdate((kind, outcome), 1, (_, v) => v + 1);

    public void HttpRequest(string method, string route, int status, TimeSpan duration) =>
        _http.GetOrAdd((method, route, status), _ => new Histogram()).Observe(duration.TotalSeconds);

    public void QueueLag(string queue, TimeSpan lag) => _queueLag.GetOrAdd(queue, _ => new Histogram()).Observe(Math.Max(0, lag.TotalSeconds));

    /// <summary>The metrics as Prometheus text.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        Counter(text, "sniper_findings_received_total", "Findings stored, by source.", _findingsIn.Select(p => ($"source=\"{Escape(p.Key)}\"", p.Value)));
        Counter(text, "sniper_findings_rejected_total", "Records rejected, by source.", _findingsRejected.Select(p => ($"source=\"{Escape(p.Key)}\"", p.Value)));
        Counter(text, "sniper_actions_total", "Response actions, by kind and outcome.", _actions.Select(p => ($"kind=\"{Escape(p.Key.Kind)}\",outcome=\"{Escape(p.Key.Outcome)}\"", p.Value)));
        Histograms(text, "sniper_http_request_duration_seconds", "HTTP request durations.", _http.Select(p => ($"method=\"{p.Key.Method}\",route=\"{Escape(p.Key.Route)}\",status=\"{p.Key.Status.ToString(CultureInfo.InvariantCulture)}\"", p.Value)));
        Histograms(text, "sniper_queue_receive_lag_seconds", "Time from a message being sent to its receipt, by queue.", _queueLag.Select(p => ($"queue=\"{Escape(p.Key)}\"", p.Value)));
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, IEnumerable<(string Labels, long Value)> series)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var (labels, value) in series.OrderBy(s => s.Labels, StringComparer.Ordinal))
        {
            text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static void Histograms(StringBuilder text, string name, string help, IEnumerable<(string Labels, Histogram Histogram)> series)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" histogram\n");
        foreach (var (labels, histogram) in series.OrderBy(s => s.Labels, StringComparer.Ordinal))
        {
            var (counts, count, sum) = histogram.Snapshot();
            long cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += counts[i];
                text.Append(name).Append("_bucket{").Append(labels).Append(",le=\"").Append(Buckets[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append(name).Append("_bucket{").Append(labels).Append(",le=\"+Inf\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append(name).Append("_sum{").Append(labels).Append("} ").Append(sum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            text.Append(name).Append("_count{").Append(labels).Append("} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    // Exposition format: label values escape backslash, double quote and line feed.
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length];
        private long _count;
        private double _sum;

        public void Observe(double value)
        {
            lock (_counts)
            {
                var i = Array.FindIndex(Buckets, b => value <= b);
                if (i >= 0)
                {
                    _counts[i]++;
                }

                _count++;
                _sum += value;
            }
        }

        public (long[] Counts, long Count, double Sum) Snapshot()
        {
            lock (_counts)
            {
                return ((long[])_counts.Clone(), _count, _sum);
            }
        }
    }
}
