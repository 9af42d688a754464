#!/usr/bin/python3
"""SciPy's statistics for the counts of test/emulator/experiments-simulation.test.ts.

Run with Debian's SciPy (`apt-get install -y python3-scipy`; /usr/bin/python3) and paste-free:
    /usr/bin/python3 test/emulator/simulation-reference.py > test/emulator/simulation-reference.ts
COUNTS are the simulation's counts (the test fails, printing the new ones, if the simulation changes).
Wilson, the unpooled difference, the delta method and Holm are their textbook formulas on top of
scipy.stats.norm; the sample-ratio check is scipy.stats.chisquare against the configured weights.
"""
import json
import math
import scipy
from scipy.stats import chisquare, norm

WEIGHTS = {"control": 50, "table": 25, "cards": 25}
COUNTS = {
    "control": {"enrolled": 484, "conversions": {"signup": 74, "newsletter": 58}},
    "table": {"enrolled": 215, "conversions": {"signup": 58, "newsletter": 30}},
    "cards": {"enrolled": 252, "conversions": {"signup": 27, "newsletter": 54}},
}
GOALS = ["signup", "newsletter"]
Z = norm.ppf(0.975)


def wilson(x, n):
    p = x / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z / d * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return [c - h, c + h]


def compare(x1, n1, x0, n0):
    p1, p0 = x1 / n1, x0 / n0
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    d = p1 - p0
    rel = p1 / p0 - 1
    se_rel = math.sqrt(p1 * (1 - p1) / n1 / p0**2 + p1**2 * p0 * (1 - p0) / n0 / p0**4)
    return {"abs": d, "absCi": [d - Z * se, d + Z * se], "rel": rel,
            "relCi": [rel - Z * se_rel, rel + Z * se_rel], "pValue": 2 * norm.sf(abs(d / se))}


def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    out, run = [0.0] * len(ps), 0.0
    for rank, i in enumerate(order):
        run = max(run, min(1.0, (len(ps) - rank) * ps[i]))
        out[i] = run
    return out


def main():
    enrolled = [COUNTS[v]["enrolled"] for v in WEIGHTS]
    total = sum(enrolled)
    srm = chisquare(enrolled, [total * w / sum(WEIGHTS.values()) for w in WEIGHTS.values()])
    c = COUNTS["control"]
    goals = {}
    comparisons = []
    for v, counts in COUNTS.items():
        goals[v] = {}
        for g in GOALS:
            x, n = counts["conversions"][g], counts["enrolled"]
            row = {"rate": x / n, "ci": wilson(x, n)}
            if v != "control":
                row.update(compare(x, n, c["conversions"][g], c["enrolled"]))
                comparisons.append(row)
            goals[v][g] = row
    for row, adjusted in zip(comparisons, holm([r["pValue"] for r in comparisons])):
        row["adjustedPValue"] = adjusted
    print("/**")
    print(f" * Printed by test/emulator/simulation-reference.py with SciPy {scipy.__version__}: do not edit by hand.")
    print(" */")
    print("export const SIMULATION = " + json.dumps(
        {"counts": COUNTS, "srmPValue": float(srm.pvalue), "goals": goals}, indent=2) + " as const;")


main()
