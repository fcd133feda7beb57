# Writes beacon-pairs.log: VPC Flow Logs in the default (version 2) format, fields in the order the AWS page
# "Flow log records" lists them, with the header line S3 delivery writes. Every connection is one TCP 5-tuple
# (a new source port each time): a request record from the internal host and its reply.
# Run once by hand; the product's synthetic generator plays no part in it.
T0 = 1717200000  # 2024-06-01T00:00:00Z
ACCOUNT = "123456789012"

# (eni, internal, external, port, [(start offset from T0, request bytes, request packets)])
clean = [(60 * k, 310, 3) for k in range(121)]  # every 60 s for 2 h, fixed size
jitter_s = [12, -25, 37, -8, 0, 21, -40, 15, -17, 33, -3, 28, -36, 9, -22, 40, -11, 4, -30, 18, -6, 25, -14, 2]
jitter_b = [512, 498, 530, 505, 521, 489, 544, 510, 503, 526, 495, 518, 537, 501, 509, 550, 492, 515, 528, 507, 499, 533, 511, 520]
jittered = [(30 + 300 * k + jitter_s[k], jitter_b[k], 4) for k in range(24)]
human = [(95, 1840, 9), (131, 62311, 55), (133, 977, 6), (702, 14020, 17), (1380, 3290, 8), (1391, 88410, 71),
         (1402, 512, 4), (2650, 20877, 22), (2671, 1203, 7), (3900, 45120, 40), (4015, 733, 5), (4031, 9086, 12),
         (5588, 2764, 9), (5602, 301, 3), (6240, 71550, 60), (6251, 4410, 10), (6900, 1288, 6)]
few = [(1000, 400, 3), (4000, 410, 3), (6500, 405, 3)]

pairs = [
    ("eni-0a1b2c3d4e5f60710", "10.0.1.10", "203.0.113.50", 443, clean, 49152),
    ("eni-0a1b2c3d4e5f60711", "10.0.1.11", "198.51.100.77", 8443, jittered, 50200),
    ("eni-0a1b2c3d4e5f60712", "10.0.1.12", "192.0.2.80", 443, human, 51300),
    ("eni-0a1b2c3d4e5f60713", "10.0.1.13", "203.0.113.99", 443, few, 52400),
]

lines = []
for eni, local, remote, port, conns, sport0 in pairs:
    for i, (offset, nbytes, packets) in enumerate(conns):
        start = T0 + offset
        end = start + 2
        sport = sport0 + i
        lines.append((start, 0, f"2 {ACCOUNT} {eni} {local} {remote} {sport} {port} 6 {packets} {nbytes} {start} {end} ACCEPT OK"))
        lines.append((start, 1, f"2 {ACCOUNT} {eni} {remote} {local} {port} {sport} 6 {packets + 1} {nbytes * 3 + 40} {start} {end} ACCEPT OK"))

with open("beacon-pairs.log", "w", newline="\n") as out:
    out.write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
    for _, _, line in sorted(lines):
        out.write(line + "\n")
