"""Writes the load scripts' generated scenario files into the folder given as the first argument.

bulk.json: 200 sources, 5,000 claims, 50,000 assertions (10 per claim, a quarter relayed); a fixed seed, so
every run imports the same thing. An optional second argument sets the number of claims (the kill -9 drill uses
20,000: 200,000 assertions). adjudications.json: 20 adjudications of its claims, so that sources get
learned records.
"""
import json, random, sys

work = sys.argv[1]
claim_count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
rng = random.Random(7)
kinds = ["GOVERNMENT", "NEWS_AGENCY", "NEWS_OUTLET", "NGO", "INDIVIDUAL", "MILITARY"]
sources = [{"id": f"src-{i:03d}", "name": f"Source {i}", "kind": rng.choice(kinds), "reliability": rng.choice("ABCDEF"),
            "groups": [f"group-{i % 40:02d}"]} for i in range(200)]
claims = [{"id": f"claim-{c:05d}", "text": f"Generated claim {c}.", "topics": [f"topic-{c % 50:02d}"]} for c in range(claim_count)]
stances = ["SUPPORTS"] * 4 + ["REFUTES"] * 2 + ["CANNOT_CONFIRM", "REPORTS"]
evidence = ["OFFICIAL_STATEMENT", "NEWS_REPORT", "OPEN_SOURCE", "EYEWITNESS", "DOCUMENT"]
assertions = []
for c in range(claim_count):
    for k, s in enumerate(rng.sample(range(200), 10)):
        a = {"claim": f"claim-{c:05d}", "source": f"src-{s:03d}", "stance": rng.choice(stances),
             "hedge": rng.choice(["CERTAIN", "PROBABLE", "POSSIBLE"]), "evidence": rng.choice(evidence),
             "observed_at": f"2025-0{1 + k % 9}-{1 + c % 28:02d}T{k:02d}:00:00Z"}
        if k % 4 == 3: a["reported_via"] = f"src-{rng.randrange(200):03d}"
        assertions.append(a)
base = {"format": "claimstatus-scenario/1", "sources": sources, "claims": claims}
json.dump({**base, "name": "bulk", "assertions": assertions}, open(f"{work}/bulk.json", "w"))
adjudications = [{"claim": f"claim-{c:05d}", "truth": rng.choice(["TRUE", "FALSE"]), "decided_at": "2025-10-01T00:00:00Z"}
                 for c in range(100, claim_count, 245)]
json.dump({**base, "name": "bulk-adjudications", "assertions": [], "adjudications": adjudications},
          open(f"{work}/adjudications.json", "w"))
