using System.Globalization;
using System.Text;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.FlowLogs;
using DuckDB.NET.Data;

namespace CloudSniper.Bench.Analytics;

/// <summary>
/// The peer of <c>sniper beacons</c> in the throughput benchmark: the analyzer's per-port scoring written as one DuckDB
/// SQL query over the same plain-text flow log, so that the comparison is of the same work. The query orients and
/// filters records as <see cref="FlowAggregator"/> does, joins the records of each 5-tuple into connections with
/// window functions (gaps and islands), narrows them to the analysis window, and scores every pair with at least
/// <see cref="BeaconOptions.MinUniqueTimestamps"/> unique connection starts: strobe gate, RITA's timestamp, data-size,
/// histogram and duration scores, periodicity, prevalence and the final score of <see cref="BeaconAnalyzer.Combine"/>.
/// It leaves out what the analyzer adds over ports: the scoring of a (source, destination) across all its ports.
/// Periodicity's noise thresholds, a function of the gap count alone drawn from seeded shuffles, come in as a table
/// of constants (see <see cref="NoiseThresholds"/>).
/// <para>
/// On the generated data the query and the analyzer agree on every pair and every sub-score to the last rounded digit
/// (<c>flowlogs run duckdb-check FILE</c>): medians average the two middle values on both sides, and each floating
/// step is taken in the same order. What the query does not reproduce lies outside that data: the analyzer keeps at
/// most <see cref="FlowAggregatorOptions.MaxEventsPerPair"/> records of a pair (only a strobe has more), compares IPv6
/// addresses as numbers where the query compares their text, and counts and skips malformed lines where
/// <c>read_csv</c> drops them.
/// </para>
/// </summary>
internal static class DuckDbBeacons
{
    /// <summary>
    /// The private address space as <see cref="CloudSniper.Core.Analytics.Internal.InternalMatcher"/> has it: 10/8,
    /// 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), 169.254/16 (link-local), fc00::/7 and fe80::/10. IPv6
    /// groups are tested on their four written hex digits, since a shorter first group has leading zeros.
    /// </summary>
    private const string InternalPattern =
        @"^(10\.|172\.(1[6-9]|2[0-9]|3[01])\.|192\.168\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.|169\.254\.|[fF][cCdD][0-9a-fA-F]{2}:|[fF][eE][89aAbB][0-9a-fA-F]:)";

    /// <summary>The largest gap count <see cref="Periodicity.NoiseThreshold"/> calibrates; larger counts use its threshold.</summary>
    private const int MaxCalibratedGaps = 512;

    /// <summary>
    /// The query up to its last step, <c>scored</c> (one row per scored pair), followed by <paramref name="select"/>.
    /// <paramref name="noise"/> is the periodicity noise threshold per gap count (see <see cref="NoiseThresholds"/>).
    /// </summary>
    public static string Query(string file, BeaconOptions options, IReadOnlyList<double> noise, string select)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = file.Replace("'", "''", StringComparison.Ordinal);
        var thresholds = new StringBuilder();
        for (var n = 3; n < noise.Count; n++)
        {
            thresholds.Append(CultureInfo.InvariantCulture, $"{(n > 3 ? ", " : "")}({n}, {noise[n]:E16})");
        }

        var maxWindow = (long)options.MaxWindow.TotalSeconds;
        // Every literal that meets a DOUBLE is written as one, so that each step rounds as the C# does; a bare 0.05
        // would be an exact DECIMAL and could round a product the other way at a bin or score boundary.
        return string.Create(CultureInfo.InvariantCulture, $$"""
            WITH
            -- The records the reader passes on: status OK, both addresses and a start; a missing end is the start, an end
            -- before the start is rejected.
            records AS (
              SELECT srcaddr, dstaddr, coalesce(srcport, 0) AS srcport, coalesce(dstport, 0) AS dstport,
                     coalesce(protocol, 0) AS protocol, coalesce(bytes, 0) AS bytes, start, coalesce("end", start) AS stop
              FROM read_csv('{{path}}', delim=' ', header=true,
                columns={'version':'INTEGER','account_id':'VARCHAR','interface_id':'VARCHAR','srcaddr':'VARCHAR','dstaddr':'VARCHAR',
                         'srcport':'INTEGER','dstport':'INTEGER','protocol':'INTEGER','packets':'BIGINT','bytes':'BIGINT',
                         'start':'BIGINT','end':'BIGINT','action':'VARCHAR','log_status':'VARCHAR'},
                nullstr='-', ignore_errors=true)
              WHERE log_status = 'OK' AND srcaddr IS NOT NULL AND dstaddr IS NOT NULL AND start IS NOT NULL
                AND coalesce("end", start) >= start),
            -- The default layout has no flow-direction: the internal side is the private address, and the side that
            -- opened the connection is the one with the less service-like port (ephemeral > registered > well-known).
            sides AS (
              SELECT *,
                regexp_matches(srcaddr, '{{InternalPattern}}') AS src_internal,
                regexp_matches(dstaddr, '{{InternalPattern}}') AS dst_internal,
                (CASE WHEN srcport < 1024 THEN 0 WHEN srcport < 32768 THEN 1 ELSE 2 END)
                  >= (CASE WHEN dstport < 1024 THEN 0 WHEN dstport < 32768 THEN 1 ELSE 2 END) AS src_opened
              FROM records),
            -- Outbound records oriented to the internal host, request and reply alike; bytes count only when the
            -- internal host sent them. Durations and bytes saturate as the analyzer stores them (16 and 32 bits).
            outbound AS (
              SELECT CASE WHEN src_internal THEN srcaddr ELSE dstaddr END AS src,
                     CASE WHEN src_internal THEN dstaddr ELSE srcaddr END AS dst,
                     CASE WHEN src_internal THEN dstport ELSE srcport END AS port,
                     protocol,
                     CASE WHEN src_internal THEN srcport ELSE dstport END AS local_port,
                     start,
                     start + least(stop - start, 65535) AS stop,
                     CASE WHEN src_internal THEN least(bytes, 4294967295) ELSE 0 END AS bytes
              FROM sides
              WHERE src_internal <> dst_internal AND src_internal = src_opened),
            -- The analysis window: the data's own span (record starts), at most MaxWindow long, never empty.
            win AS (
              SELECT ws, CASE WHEN last > ws THEN last ELSE ws + 1 END AS we
              FROM (SELECT greatest(min(start), max(start) - {{maxWindow}}) AS ws, max(start) AS last FROM outbound)),
            -- Prevalence counts every internal host with an outbound record to a destination, scored or not.
            prevalence AS (SELECT dst, count(DISTINCT src) AS hosts FROM outbound GROUP BY dst),
            fleet AS (SELECT count(DISTINCT src) AS hosts FROM outbound),
            -- A request and its reply share their 5-tuple and start: one row for both (the longer end, the bytes summed),
            -- as the analyzer folds a reply into its request on arrival; joining would merge them anyway. With starts
            -- unique within a 5-tuple, the window frames below can count rows and still be deterministic.
            flows AS (
              SELECT src, dst, port, protocol, local_port, start, max(stop) AS stop, sum(bytes) AS bytes
              FROM outbound
              GROUP BY src, dst, port, protocol, local_port, start),
            -- Joining, as gaps and islands: a flow of a 5-tuple opens a new connection when it starts more than the join
            -- gap (TCP's or the other protocols') after the latest end of the flows before it (every earlier island ended more than the gap before the
            -- current one began, so that latest end is the current island's); the running count of openings numbers
            -- the connections.
            opened AS (
              SELECT *, coalesce(start > max(stop) OVER earlier + CASE WHEN protocol = 6 THEN {{options.TcpJoinGapSeconds}} ELSE {{options.JoinGapSeconds}} END, true) AS opens
              FROM flows
              WINDOW earlier AS (PARTITION BY src, dst, port, protocol, local_port ORDER BY start
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
            numbered AS (
              SELECT *, sum(opens::INTEGER) OVER (PARTITION BY src, dst, port, protocol, local_port ORDER BY start
                                                  ROWS UNBOUNDED PRECEDING) AS connection
              FROM opened),
            connections AS (
              SELECT src, dst, port, protocol, min(start) AS start, sum(bytes)::DOUBLE AS bytes
              FROM numbered
              GROUP BY src, dst, port, protocol, local_port, connection),
            -- The connections that start in the window, per pair: their bytes sorted and their unique starts sorted.
            pairs AS (
              SELECT src, dst, port, protocol, count(*) AS connections,
                     list(bytes ORDER BY bytes) AS sizes, list(DISTINCT start ORDER BY start) AS ts
              FROM connections, win
              WHERE start BETWEEN ws AND we
              GROUP BY src, dst, port, protocol
              HAVING count(DISTINCT start) >= {{options.MinUniqueTimestamps}}),
            -- Strobes: so many connections in some 24 hours that the pair is reported, not scored. Only a pair with that
            -- many connections in all can be one, so only those are counted per day. They are found from the connections
            -- alone: joined with the pairs above, the join would carry each pair's lists along with every connection.
            busy AS (
              SELECT src, dst, port, protocol
              FROM connections, win
              WHERE start BETWEEN ws AND we
              GROUP BY src, dst, port, protocol
              HAVING count(*) >= {{options.StrobeConnectionsPerDay}}),
            strobes AS (
              SELECT src, dst, port, protocol
              FROM (SELECT src, dst, port, protocol,
                           count(*) OVER (PARTITION BY src, dst, port, protocol ORDER BY start
                                          RANGE BETWEEN 86399 PRECEDING AND CURRENT ROW) AS per_day
                    FROM connections SEMI JOIN busy USING (src, dst, port, protocol), win
                    WHERE start BETWEEN ws AND we)
              GROUP BY src, dst, port, protocol
              HAVING max(per_day) >= {{options.StrobeConnectionsPerDay}}),
            -- The gaps between unique starts, sorted, and the 24-bin histogram of the unique starts over the window.
            -- The gaps pair each start with the one before it (zipping the list with itself shifted): a lambda that
            -- indexed the list would capture a copy of it per element, quadratic in a strobe's connections.
            series AS (
              SELECT pairs.*, ws, we, ts[1] AS first, ts[-1] AS last,
                     list_sort(list_transform(list_zip(ts[2:len(ts)], ts[1:len(ts) - 1]), lambda p: (p[1] - p[2])::DOUBLE)) AS gaps,
                     list_aggregate(list_transform(ts, lambda t:
                       least(greatest(floor((t - ws) / ((we - ws) / {{RitaScoring.HistogramBins}})), 0), {{RitaScoring.HistogramBins - 1}})::INTEGER),
                       'histogram') AS bins
              FROM pairs, win),
            -- RITA's quartiles: Q2 the median, Q1 and Q3 the medians of the lower and upper halves, the middle value
            -- left out of both when the count is odd. A median of an even count is the mean of the two middle values,
            -- as in the analyzer; quantile_cont at 0.25 and 0.75 would interpolate elsewhere and give other quartiles.
            quartiles AS (
              SELECT *,
                list_aggregate(gaps[1 : len(gaps) // 2], 'median') AS g1,
                list_aggregate(gaps, 'median') AS g2,
                list_aggregate(gaps[len(gaps) - len(gaps) // 2 + 1 :], 'median') AS g3,
                list_aggregate(sizes[1 : len(sizes) // 2], 'median') AS s1,
                list_aggregate(sizes, 'median') AS s2,
                list_aggregate(sizes[len(sizes) - len(sizes) // 2 + 1 :], 'median') AS s3,
                list_transform(range({{RitaScoring.HistogramBins}}), lambda b: coalesce(bins[b], 0)) AS counts
              FROM series),
            -- Median absolute deviations; the gaps near the median gap (periodicity's regular ones); the histogram's
            -- non-empty bars, tallest bar and mean, and its longest run of non-empty bins, wrapping from the end of
            -- the window to its start (the run over the bins written twice, at most all of them).
            spread AS (
              SELECT *,
                list_aggregate(list_transform(gaps, lambda x: abs(x - g2)), 'median') AS g_mad,
                list_aggregate(list_transform(sizes, lambda x: abs(x - s2)), 'median') AS s_mad,
                list_filter(gaps, lambda x: x >= g2 * (1 - {{Periodicity.Tolerance}}::DOUBLE) AND x <= g2 * (1 + {{Periodicity.Tolerance}}::DOUBLE)) AS regular,
                len(map_keys(bins)) AS bars,
                list_max(counts) AS tallest,
                len(ts) / {{RitaScoring.HistogramBins}} AS mean,
                least({{RitaScoring.HistogramBins}}, list_max(list_transform(
                  string_split(repeat(list_aggregate(list_transform(counts, lambda c: CASE WHEN c > 0 THEN '1' ELSE '0' END), 'string_agg', ''), 2), '0'),
                  lambda r: length(r)))) AS longest
              FROM quartiles),
            -- The period: the median of the regular gaps (the median gap when none is).
            period AS (
              SELECT *, coalesce(list_aggregate(regular, 'median'), g2) AS period FROM spread),
            measures AS (
              SELECT *,
                CASE WHEN g3 - g1 >= 10 AND g2 <> g1 AND g2 <> g3 THEN (g1 + g3 - 2 * g2) / (g3 - g1) ELSE 0 END AS g_skew,
                CASE WHEN g2 >= 1 THEN greatest((g2 - g_mad) / g2, 0) ELSE 1 END AS g_mad_score,
                CASE WHEN s3 - s1 >= 10 AND s2 <> s1 AND s2 <> s3 THEN (s1 + s3 - 2 * s2) / (s3 - s1) ELSE 0 END AS s_skew,
                CASE WHEN s2 >= 1 THEN greatest((s2 - s_mad) / s2, 0) ELSE 0 END AS s_mad_score,
                -- Coefficient of variation over all bins, the empty ones included.
                sqrt(list_sum(list_transform(counts, lambda c: (c - mean) * (c - mean))) / {{RitaScoring.HistogramBins}}) / mean AS cv,
                -- Bimodal fit: bars within 5 % of the tallest share a mode; the share of bars in the two biggest modes.
                list_sort(map_values(list_aggregate(list_transform(list_filter(counts, lambda c: c > 0),
                  lambda c: floor(c / ceil(tallest * {{RitaScoring.ModeSensitivity}}::DOUBLE)) * ceil(tallest * {{RitaScoring.ModeSensitivity}}::DOUBLE)), 'histogram')), 'DESC') AS modes,
                -- Periodicity's regular share: the regular gaps, and those one or two missed beats long (two or three
                -- periods, held to a quarter period).
                CASE WHEN len(regular) = 0 THEN 0
                     ELSE (len(regular) + len(list_filter(gaps, lambda x: x > g2 * (1 + {{Periodicity.Tolerance}}::DOUBLE)
                             AND round_even(x / period, 0) BETWEEN 2 AND {{Periodicity.MaxMissedBeats + 1}}
                             AND abs(x - round_even(x / period, 0) * period) <= {{Periodicity.MissedBeatTolerance}}::DOUBLE * period))) / len(gaps)
                END AS regular_share
              FROM period),
            subscores AS (
              SELECT m.*, s.src IS NOT NULL AS strobe,
                round((1 - abs(g_skew) + g_mad_score) / 2, 3) AS timestamp_score,
                round((1 - abs(s_skew) + s_mad_score) / 2, 3) AS size_score,
                greatest(CASE WHEN cv > 1 THEN 0 ELSE least(1, round(1 - cv, 3)) END,
                         CASE WHEN bars >= {{RitaScoring.BimodalMinBars}}
                              THEN least(1, round((modes[1] + coalesce(modes[2], 0)) / greatest(bars - {{RitaScoring.BimodalOutlierRemoval}}, 1), 3))
                              ELSE 0 END) AS histogram_score,
                CASE WHEN bars < {{RitaScoring.DurationMinBars}} OR last <= first THEN 0
                     ELSE greatest(least(1, ceil((last - first) / (we - ws) * 1000) / 1000),
                                   least(1, ceil(longest / {{RitaScoring.DurationIdealRun}} * 1000) / 1000)) END AS duration_score,
                -- The noise threshold for this many gaps, from shuffled series; periods under a few seconds are bursts.
                CASE WHEN period < {{Periodicity.MinPeriodSeconds}} OR regular_share <= noise.threshold THEN 0
                     ELSE round(least(greatest((regular_share - noise.threshold) / (1 - noise.threshold), 0), 1), 3) END AS periodicity_score,
                CASE WHEN prevalence.hosts <= 1 OR fleet.hosts <= 0 THEN 1
                     ELSE least(greatest(1 - (2.5::DOUBLE * (prevalence.hosts - 1) / fleet.hosts), 0), 1) END AS prevalence_score
              FROM measures m
              JOIN (VALUES {{thresholds}}) noise(gaps, threshold) ON noise.gaps = least(len(m.gaps), {{MaxCalibratedGaps}})
              JOIN prevalence ON prevalence.dst = m.dst
              CROSS JOIN fleet
              LEFT JOIN strobes s ON s.src = m.src AND s.dst = m.dst AND s.port = m.port AND s.protocol = m.protocol),
            rita AS (
              SELECT *, round((timestamp_score + size_score + histogram_score + duration_score) * 0.25::DOUBLE, 3) AS rita_score
              FROM subscores),
            -- BeaconAnalyzer.Combine: half RITA, half the series on its own (sustained over its first hour), times prevalence.
            scored AS (
              SELECT *,
                CASE WHEN strobe THEN 0
                     ELSE round(((0.5::DOUBLE * rita_score)
                                 + (0.5::DOUBLE * least(greatest((last - first) / 3600.0::DOUBLE, 0), 1)
                                    * ((0.5::DOUBLE * periodicity_score) + (0.25::DOUBLE * timestamp_score) + (0.25::DOUBLE * size_score))))
                                * prevalence_score, 3) END AS score
              FROM rita)
            {{select}}
            """);
    }

    /// <summary>
    /// The periodicity noise threshold for every gap count up to the largest calibrated (index = gap count). The
    /// thresholds depend on the gap count alone and come from seeded shuffles drawn with .NET's random generator,
    /// which SQL cannot draw again; the query takes them as a table of constants, as it takes the other constants of
    /// the scoring, and as the analyzer keeps them (<see cref="Periodicity.Calibrated"/>).
    /// </summary>
    public static double[] NoiseThresholds()
    {
        var noise = new double[MaxCalibratedGaps + 1];
        for (var n = 3; n < noise.Length; n++)
        {
            noise[n] = Periodicity.NoiseThreshold(n);
        }

        return noise;
    }

    /// <summary>The benchmark's <c>duckdb</c> mode: the whole scoring, reduced to the count of scored pairs and of beacons.</summary>
    public static (long Records, string Note) Run(string file)
    {
        var options = new BeaconOptions();
        var sql = Query(file, options, NoiseThresholds(), string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(*)::BIGINT, (count(*) FILTER (WHERE NOT strobe AND score >= {options.Threshold}::DOUBLE))::BIGINT, (count(*) FILTER (WHERE strobe))::BIGINT FROM scored"));
        var (scored, beacons, strobes) = Counts(sql);
        return (0, $"full per-port scoring in SQL (no across-ports grouping): scored {scored:N0}, beacons {beacons:N0}, strobes {strobes:N0}");
    }

    /// <summary>
    /// The benchmark's <c>duckdb-gaps</c> mode, a lighter query: gap and byte statistics only. The same orientation,
    /// then per (source, destination, port, protocol) the records, first and last start, bytes, the quartiles and MAD
    /// of the gaps between unique record starts and the median and MAD of the bytes; no joining into connections, no
    /// window, histogram, duration, periodicity, prevalence or score.
    /// </summary>
    public static (long Records, string Note) RunGaps(string file)
    {
        var path = file.Replace("'", "''", StringComparison.Ordinal);
        var sql = $$"""
            WITH f AS (
              SELECT * FROM read_csv('{{path}}', delim=' ', header=true,
                columns={'version':'INTEGER','account_id':'VARCHAR','interface_id':'VARCHAR','srcaddr':'VARCHAR','dstaddr':'VARCHAR',
                          'srcport':'INTEGER','dstport':'INTEGER','protocol':'INTEGER','packets':'BIGINT','bytes':'BIGINT',
                          'start':'BIGINT','end':'BIGINT','action':'VARCHAR','log_status':'VARCHAR'},
                nullstr='-', ignore_errors=true)
              WHERE log_status = 'OK'),
            p AS (
              SELECT *,
                regexp_matches(srcaddr, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.)') AS si,
                regexp_matches(dstaddr, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.)') AS di,
                (CASE WHEN srcport < 1024 THEN 0 WHEN srcport < 32768 THEN 1 ELSE 2 END) >= (CASE WHEN dstport < 1024 THEN 0 WHEN dstport < 32768 THEN 1 ELSE 2 END) AS src_opened
              FROM f),
            o AS (
              SELECT CASE WHEN si THEN srcaddr ELSE dstaddr END AS src, CASE WHEN si THEN dstaddr ELSE srcaddr END AS dst,
                     CASE WHEN si THEN dstport ELSE srcport END AS port, protocol, start, CASE WHEN si THEN bytes ELSE 0 END AS bytes
              FROM p WHERE si <> di AND si = src_opened),
            ts AS (SELECT DISTINCT src, dst, port, protocol, start FROM o),
            g AS (SELECT src, dst, port, protocol, start - lag(start) OVER (PARTITION BY src, dst, port, protocol ORDER BY start) AS gap FROM ts),
            gs AS (SELECT src, dst, port, protocol, quantile_cont(gap, [0.25, 0.5, 0.75]) AS q, mad(gap) AS gap_mad, count(*) AS uniq
                   FROM g WHERE gap IS NOT NULL GROUP BY ALL),
            bs AS (SELECT src, dst, port, protocol, count(*) AS records, min(start) AS first, max(start) AS last, sum(bytes) AS total,
                          median(bytes) AS bytes_median, mad(bytes) AS bytes_mad FROM o GROUP BY ALL)
            SELECT count(*)::BIGINT, sum(bs.records)::BIGINT, count(gs.uniq)::BIGINT FROM bs LEFT JOIN gs USING (src, dst, port, protocol)
            """;
        var (pairs, outbound, withGaps) = Counts(sql);
        return (0, $"gap and byte statistics only: pairs {pairs:N0}, outbound records {outbound:N0}, pairs with gaps {withGaps:N0}");
    }

    /// <summary>Runs <paramref name="sql"/> in a fresh in-memory database and reads the three counts of its one row.</summary>
    private static (long First, long Second, long Third) Counts(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
    }

    /// <summary>One pair's figures, from either side.</summary>
    private sealed record PairScores(int Connections, bool Strobe, double Timestamp, double DataSize, double Histogram, double Duration, double Periodicity, double Rita, double Score);

    /// <summary>
    /// The <c>duckdb-check</c> mode: runs the analyzer and the query on <paramref name="file"/>, matches their per-port
    /// pairs and prints how far they agree, with a few disagreements of each kind.
    /// </summary>
    public static async Task<(long Records, string Note)> CheckAsync(string file)
    {
        var options = new BeaconOptions();
        var (aggregator, counters) = await FlowAggregation.ReadAsync(new FlowLogReader(), FlowAggregation.Files([file])).ConfigureAwait(false);
        var report = BeaconAnalyzer.Analyze(aggregator, options);
        var ours = new Dictionary<(string, string, int, int), PairScores>();
        foreach (var b in report.Scored.Where(b => !b.AcrossPorts))
        {
            ours[(b.Src.ToString(), b.Dst.ToString(), b.DstPort, b.Protocol)] = new PairScores(
                b.Connections, b.IsStrobe, b.TimestampScore, b.DataSizeScore, b.HistogramScore, b.DurationScore, b.PeriodicityScore, b.RitaScore, b.Score);
        }

        var theirs = new Dictionary<(string, string, int, int), PairScores>();
        using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = Query(file, options, NoiseThresholds(),
                "SELECT src, dst, port, protocol, connections, strobe, timestamp_score, size_score, histogram_score, duration_score, periodicity_score, rita_score, score FROM scored");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                double D(int i) => reader.IsDBNull(i) ? double.NaN : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
                var key = (reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture));
                var strobe = reader.GetBoolean(5);
                theirs[key] = new PairScores(Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture), strobe,
                    strobe ? 0 : D(6), strobe ? 0 : D(7), strobe ? 0 : D(8), strobe ? 0 : D(9), strobe ? 0 : D(10), strobe ? 0 : D(11), D(12));
            }
        }

        var keys = ours.Keys.Union(theirs.Keys).Order().ToList();
        var both = keys.Count(k => ours.ContainsKey(k) && theirs.ContainsKey(k));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"records {counters.Records:N0}; pairs scored: analyzer {ours.Count:N0}, SQL {theirs.Count:N0}, both {both:N0}, analyzer only {ours.Count - both:N0}, SQL only {theirs.Count - both:N0}"));
        // Scores within 0.01 agree; the exact share beside it shows how often the last rounded digit differs too.
        var measures = new (string Name, Func<PairScores, double>? Score, Func<PairScores, PairScores, bool> Same)[]
        {
            ("connections", null, (a, b) => a.Connections == b.Connections),
            ("strobe", null, (a, b) => a.Strobe == b.Strobe),
            ("timestamp", p => p.Timestamp, (a, b) => Near(a.Timestamp, b.Timestamp)),
            ("data size", p => p.DataSize, (a, b) => Near(a.DataSize, b.DataSize)),
            ("histogram", p => p.Histogram, (a, b) => Near(a.Histogram, b.Histogram)),
            ("duration", p => p.Duration, (a, b) => Near(a.Duration, b.Duration)),
            ("periodicity", p => p.Periodicity, (a, b) => Near(a.Periodicity, b.Periodicity)),
            ("rita", p => p.Rita, (a, b) => Near(a.Rita, b.Rita)),
            ("score", p => p.Score, (a, b) => Near(a.Score, b.Score)),
            ("beacon", null, (a, b) => (!a.Strobe && a.Score >= options.Threshold) == (!b.Strobe && b.Score >= options.Threshold)),
        };
        var summary = new StringBuilder();
        foreach (var (name, score, same) in measures)
        {
            // A pair only one side scored counts against every measure.
            var wrong = keys.Where(k => !ours.TryGetValue(k, out var a) || !theirs.TryGetValue(k, out var b) || !same(a, b)).ToList();
            var share = keys.Count == 0 ? 1.0 : 1.0 - ((double)wrong.Count / keys.Count);
            var exact = score is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $", exactly equal {keys.Count(k => ours.TryGetValue(k, out var a) && theirs.TryGetValue(k, out var b) && score(a) == score(b)):N0}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} agree {share,8:P2} ({keys.Count - wrong.Count:N0} of {keys.Count:N0}{exact})"));
            foreach (var k in wrong.Take(3))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {k.Item1} -> {k.Item2}:{k.Item3}/{k.Item4}"));
                Console.WriteLine($"        analyzer {Show(ours.GetValueOrDefault(k))}");
                Console.WriteLine($"        SQL      {Show(theirs.GetValueOrDefault(k))}");
            }

            summary.Append(CultureInfo.InvariantCulture, $"{(summary.Length > 0 ? ", " : "")}{name} {share:P2}");
        }

        return (counters.Records, $"agreement over {keys.Count:N0} pairs: {summary}");
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) <= 0.01 + 1e-9;

    private static string Show(PairScores? p) => p is null
        ? "not scored"
        : string.Create(CultureInfo.InvariantCulture,
            $"conn {p.Connections}{(p.Strobe ? " strobe" : "")} ts {p.Timestamp:0.000} ds {p.DataSize:0.000} hist {p.Histogram:0.000} dur {p.Duration:0.000} per {p.Periodicity:0.000} rita {p.Rita:0.000} score {p.Score:0.000}");
}
