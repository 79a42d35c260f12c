"""When each status transition became visible in the store, for benchmarks/watch-fanout.sh: a read-only reader
of the SQLite file asks for the greatest transition id every INTERVAL_MS and notes each new value with the wall
clock. A reader sees only committed rows, so a transition's commit came at most one interval (plus the query)
before the first sample that shows its id. Runs until STOP_FILE appears, at most an hour.

Usage: watch-commits.py DB OUT STOP_FILE INTERVAL_MS; OUT gets one "epoch_ms max_id" line per change.
"""
import os, sqlite3, sys, time

db, out, stop, interval = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]) / 1000
# Autocommit: each SELECT is its own read, so the reader never holds a snapshot (or the WAL) open.
connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)
last = -1
deadline = time.time() + 3600
with open(out, "w") as f:
    while not os.path.exists(stop) and time.time() < deadline:
        try:
            (latest,) = connection.execute("SELECT COALESCE(MAX(id), 0) FROM status_transitions").fetchone()
        except sqlite3.OperationalError:  # busy during a checkpoint: the next sample sees it
            latest = last
        if latest != last:
            f.write(f"{time.time() * 1000:.3f} {latest}\n")
            f.flush()
            last = latest
        time.sleep(interval)
