"""Merges the client processes' results of benchmarks/watch-fanout.sh and prints its figures.

Arguments: WORK PROCS RSS_BEFORE_KB RSS_OPEN_KB WATCHERS IMPORT_START IMPORT_END (the last two in epoch seconds).
Times, all wall-clock milliseconds on this one host:
  stored: the transition's transition_time, which the server takes when the rescoring that stores it begins
          (before the evidence is read, scored and committed);
  commit: the first sample of benchmarks/watch-commits.py (a reader of the SQLite file, every few milliseconds)
          that shows the transition's id: at most one interval after the real commit;
  arrival: when the client process handled the message (its event loop, shared by all its streams).
Probes: the single write's transition is committed before its reply, so arrival minus reply is at most the time
from commit, and arrival minus send at least it.
"""
import bisect, json, sys

work, procs, rss_before, rss_open, watchers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
import_start, import_end = float(sys.argv[6]) * 1000, float(sys.argv[7]) * 1000


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def line(name, values):
    if not values:
        return f"  {name}: none"
    return f"  {name}: n={len(values)}  p50 {pct(values, 50):.0f} ms  p99 {pct(values, 99):.0f} ms  max {max(values):.0f} ms"


results = [json.load(open(f"{work}/result-{p}.json")) for p in range(procs)]
totals = {}
for r in results:
    for key, value in r["totals"].items():
        if isinstance(value, dict):
            merged = totals.setdefault(key, {})
            for k, n in value.items():
                merged[k] = merged.get(k, 0) + n
        else:
            totals[key] = totals.get(key, 0) + value
stored = {int(k): v for r in results for k, v in r["stored"].items()}
deliveries = [(i, a) for r in results for i, a in zip(r["ids"], r["arrivals"])]
by_topic = [t for r in results for t in r["topicWatch"]]
samples = [tuple(map(float, l.split())) for l in open(f"{work}/commits.log")]
sample_times, sample_ids = [s[0] for s in samples], [s[1] for s in samples]


def commit(tid):
    k = bisect.bisect_left(sample_ids, tid)
    return sample_times[k] if k < len(sample_times) else None


try:
    rss = [int(x) for x in open(f"{work}/rss.log").read().split()] or [rss_open]
except FileNotFoundError:
    rss = [rss_open]
print(f"server RSS: before the streams {rss_before / 1024:.0f} MB, with {watchers} open {rss_open / 1024:.0f} MB "
      f"({(rss_open - rss_before) / watchers:.1f} KB per watcher), peak during the import {max(rss) / 1024:.0f} MB")
print(f"deliveries: {totals['deliveries']} of {len(stored)} transitions to {totals['streams']} streams "
      f"(expected {totals['expected']}; {totals['claimsChecked']} claims' ListStatusTransitions read, summed over the {procs} clients)")
print(f"check: missed {totals['missed']}, twice {totals['duplicated']}, unexpected {totals['unexpected']}, "
      f"from/to differing {totals['changed']}, ids decreasing {totals['outOfOrder']}, "
      f"missed after the server ended the stream {totals['missedAfterEnd']}; streams ended by the server: "
      f"{json.dumps(totals['ended']) if totals['ended'] else 'none'}; streams with any problem {totals['watchersWithProblems']}")

from_commit = [a - commit(i) for i, a in deliveries if commit(i) is not None]
first, last = {}, {}
for i, a in deliveries:
    first[i] = min(first.get(i, a), a)
    last[i] = max(last.get(i, a), a)
print(f"latency of every delivery (commit seen by the reader; {len(samples)} distinct commits seen):")
print(line("commit to arrival", from_commit))
for kind, flag in (("topic", 1), ("ids", 0)):
    print(line(f"  on {kind} streams", [a - commit(i) for (i, a), t in zip(deliveries, by_topic) if t == flag and commit(i) is not None]))
print(line("stored transition_time to arrival", [a - stored[i] for i, a in deliveries]))
print(line("stored transition_time to commit, per transition", [commit(i) - stored[i] for i in stored if commit(i) is not None]))
print(line("commit to its first watcher, per transition", [first[i] - commit(i) for i in first if commit(i) is not None]))
print(line("commit to its last watcher, per transition", [last[i] - commit(i) for i in last if commit(i) is not None]))
print("  by commit time (s after the import began): transitions, deliveries, commit-to-arrival p50 and p99")
buckets = {}
for i, a in deliveries:
    c = commit(i)
    if c is not None:
        buckets.setdefault(int((c - import_start) // 10000) * 10, []).append((i, a - c))
for start in sorted(buckets):
    b = buckets[start]
    print(f"    {start:4d}-{start + 10:<4d} s: {len({x[0] for x in b}):5d}  {len(b):7d}  {pct([x[1] for x in b], 50):7.0f} ms  "
          f"{pct([x[1] for x in b], 99):7.0f} ms")
print(f"  last delivery {(max(a for _, a in deliveries) - import_start) / 1000:.1f} s after the import began, "
      f"{(max(a for _, a in deliveries) - import_end) / 1000:.1f} s after the import call returned")

probes = json.load(open(f"{work}/probes.json"))
arrivals = {}
for r in results:
    for claim, times in r["probes"].items():
        arrivals.setdefault(claim, []).extend(times)
during, after, from_send = [], [], []
for claim, p in probes.items():
    for t in arrivals.get(claim, []):
        (during if p["sent"] <= import_end else after).append(t - p["replied"])
        from_send.append(t - p["sent"])
calls = [p["replied"] - p["sent"] for p in probes.values()]
print(f"probes: {len(probes)} single writes, each watched by all {watchers} streams; the write call p50 {pct(calls, 50):.0f} ms, "
      f"max {max(calls):.0f} ms; {sum(len(v) for v in arrivals.values())} probe deliveries of {len(probes) * watchers}")
print("  arrival minus the write's reply (at most the time from commit):")
print(line("written while the import call ran", during))
print(line("written after it returned", after))
print(line("arrival minus the write's send (at least the time from commit)", from_send))
for r in results:
    for example in r["examples"][:5]:
        print(f"  example: {json.dumps(example)}")
