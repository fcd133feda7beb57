# Expected RITA v5 beacon sub-scores of beacon-pairs.log, from RITA's published analyzer (activecm/rita,
# analysis/beacons.go, and the default scoring config): written out from the formulas, not from the product.
# A connection is one outbound request record: its start is the timestamp, its bytes the originator's bytes
# (RITA's src_ip_bytes list); the dataset window is the first to the last connection start over all pairs.
import math
from collections import Counter

def round3(x):  # Go's math.Round: halves away from zero
    return math.floor(abs(x) * 1000 + 0.5) / 1000 * (1 if x >= 0 else -1)

def median(v):
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2

def quartiles(v):  # montanaflynn/stats Quartile: halves without the middle value when n is odd
    n = len(v)
    lower = v[: n // 2]
    upper = v[n // 2 + (n % 2):]
    return median(lower), median(v), median(upper)

def statistical(values, default_mad):
    v = sorted(values)
    q1, q2, q3 = quartiles(v)
    den = q3 - q1
    skew = (q1 + q3 - 2 * q2) / den if den >= 10 and q2 != q1 and q2 != q3 else 0.0
    med = median(v)
    mad = median(sorted(abs(x - med) for x in v))
    mad_score = (med - mad) / med if med >= 1 else default_mad
    mad_score = max(mad_score, 0.0)
    return round3(((1 - abs(skew)) + mad_score) / 2)

def histogram(ts, lo, hi, bins=24, sensitivity=0.05, outliers=1, bimodal_min=11):
    step = (hi - lo) / bins
    edges = [lo + i * step for i in range(bins)] + [hi]
    counts = [0] * bins
    for t in ts:
        b = 0
        while b < bins - 1 and t >= edges[b + 1]:
            b += 1
        counts[b] += 1
    mean = sum(counts) / bins
    sd = math.sqrt(sum((c - mean) ** 2 for c in counts) / bins)
    cv = sd / mean
    cv_score = 0.0 if cv > 1 else min(1.0, round3(1 - cv))
    bars = sum(1 for c in counts if c > 0)
    size = math.ceil(max(counts) * sensitivity)
    modes = Counter(int(math.floor(c / size) * size) for c in counts if c > 0)
    bimodal = 0.0
    if bars >= bimodal_min:
        top = sorted(modes.values(), reverse=True)[:2]
        bimodal = min(1.0, round3(sum(top) / max(bars - outliers, 1)))
    run = longest = 0
    for c in counts + counts:
        run = run + 1 if c > 0 else 0
        longest = max(longest, run)
    return max(cv_score, bimodal), bars, min(longest, bins), counts

def duration(lo, hi, first, last, bars, longest, min_bars=6, ideal=12):
    if bars < min_bars:
        return 0.0
    coverage = min(1.0, math.ceil((last - first) / (hi - lo) * 1000) / 1000)
    consistency = min(1.0, math.ceil(longest / ideal * 1000) / 1000)
    return max(coverage, consistency)

pairs = {}
with open("beacon-pairs.log") as f:
    next(f)
    for line in f:
        x = line.split()
        if x[3].startswith("10."):  # the request: internal source
            pairs.setdefault((x[3], x[4], x[6]), []).append((int(x[10]), int(x[9])))

lo = min(t for c in pairs.values() for t, _ in c)
hi = max(t for c in pairs.values() for t, _ in c)
print("window", lo, hi)
for key, conns in pairs.items():
    ts = sorted(t for t, _ in conns)
    if len(set(ts)) < 4:
        print(key, "not scored:", len(set(ts)), "unique timestamps")
        continue
    gaps = [b - a for a, b in zip(ts, ts[1:]) if b > a]
    t_score = statistical(gaps, 1.0)
    d_score = statistical([b for _, b in conns], 0.0)
    h_score, bars, longest, counts = histogram(ts, lo, hi)
    u_score = duration(lo, hi, ts[0], ts[-1], bars, longest)
    rita = round3(0.25 * (t_score + d_score + h_score + u_score))
    print(key, "ts", t_score, "ds", d_score, "hist", h_score, "dur", u_score, "rita", rita, "bars", bars, "run", longest, counts)
