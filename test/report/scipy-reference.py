#!/usr/bin/python3
"""Reference values for test/report/scipy-reference.test.ts.

Run with Debian's SciPy (`apt-get install -y python3-scipy`; /usr/bin/python3):
    /usr/bin/python3 test/report/scipy-reference.py
The numbers are pasted into the test as literals; this script is kept so they can be regenerated.
statsmodels is not available, so Wilson, Holm, the delta method, the sample size and the mixture
boundary are computed here by their textbook formulas on top of scipy.stats.norm / chi2.
"""
import math
import scipy
from scipy.stats import norm, chi2, chisquare

Z = norm.ppf(0.975)
print("scipy", scipy.__version__)
print("norm.ppf(0.975)", repr(Z), "norm.ppf(0.8)", repr(norm.ppf(0.8)))

print("\n# scipy.stats.norm.sf(z)")
for z in [0, 0.5, 1, 1.959963984540054, 3, 5, 8.3, 10, 20, 30, 37, 38]:
    print(z, repr(norm.sf(z)))

# SciPy 1.10 flushes the subnormal norm.sf(38) to 0; mpmath (python3-mpmath) gives the true value.
import mpmath

mpmath.mp.dps = 30
print("mpmath.ncdf(-38)", mpmath.nstr(mpmath.ncdf(-38), 20))

print("\n# scipy.stats.chi2.sf(x, df)")
for x, k in [(1e-8, 1), (0.5, 1), (3.841458820694124, 1), (10.83, 1), (7.5, 2), (50, 3), (1e-3, 4),
             (300, 10), (1000, 1), (1400, 1)]:
    print(x, k, repr(chi2.sf(x, k)))

print("\n# scipy.stats.chisquare(observed, expected) — sample-ratio mismatch")
for obs, w in [([5000, 5000], [50, 50]), ([5100, 4900], [50, 50]), ([5200, 4800], [50, 50]),
               ([1000, 2000, 3100], [1, 2, 3]), ([8, 30], [1, 1]), ([20000, 10000], [50, 50])]:
    n = sum(obs)
    exp = [n * wi / sum(w) for wi in w]
    r = chisquare(obs, exp)
    print(obs, w, repr(float(r.statistic)), repr(float(r.pvalue)))


def wilson(x, n):
    p = x / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z / d * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return c - h, c + h


print("\n# Wilson score interval (formula, z = norm.ppf(0.975))")
for x, n in [(0, 1), (1, 1), (0, 100), (100, 100), (160, 8000), (28, 2000), (5, 10), (1, 1000000)]:
    print(x, n, *map(repr, wilson(x, n)))


def unpooled(x1, n1, x0, n0):
    p1, p0 = x1 / n1, x0 / n0
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    d = p1 - p0
    z = d / se
    p = 2 * norm.sf(abs(z))
    if p0 == 0:
        return d, d - Z * se, d + Z * se, z, p, None, None, None
    rel = p1 / p0 - 1
    se_rel = math.sqrt(p1 * (1 - p1) / n1 / p0 ** 2 + p1 ** 2 * p0 * (1 - p0) / n0 / p0 ** 4)
    return d, d - Z * se, d + Z * se, z, p, rel, rel - Z * se_rel, rel + Z * se_rel


print("\n# unpooled difference: abs, absCi, z, p = 2*norm.sf(|z|), rel, relCi (delta method)")
for row in [(160, 8000, 28, 2000), (28, 2000, 160, 8000), (560, 10000, 500, 10000), (1, 2, 0, 2), (0, 50, 3, 40),
            (5440, 10000, 3000, 10000), (5400, 10000, 3000, 10000)]:
    print(row, *map(repr, unpooled(*row)))


def holm(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    out, run = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        run = max(run, min(1.0, (m - rank) * ps[i]))
        out[i] = run
    return out


print("\n# Holm step-down adjustment (formula)")
print([repr(v) for v in holm([0.01, 0.04, 0.03, 0.005, 1e-300, 0.5])])


def sample_size(p1, rel, alpha=0.05, power=0.8):
    p2 = p1 * (1 + rel)
    pb = (p1 + p2) / 2
    a = norm.ppf(1 - alpha / 2) * math.sqrt(2 * pb * (1 - pb))
    b = norm.ppf(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return (a + b) ** 2 / (p2 - p1) ** 2


print("\n# two-proportion sample size per arm, 10% relative lift, alpha 0.05, power 0.8")
for p1 in [0.05, 0.01, 0.2, 0.5]:
    print(p1, repr(sample_size(p1, 0.1)), math.ceil(sample_size(p1, 0.1)))

a = 0.05
rho2 = (-2 * math.log(a) + math.log(-2 * math.log(a) + 1)) / 5000
print("\n# normal-mixture boundary (Howard et al. 2021), rho^2 for n*=5000:", repr(rho2))
for z, n in [(1.96, 1000), (3, 5000), (4, 20000), (2.5, 200000), (38, 10000)]:
    t = n * rho2
    mult = math.sqrt(2 * (t + 1) / t * math.log(math.sqrt(t + 1) / a))
    logp = 0.5 * math.log1p(t) - z * z * t / (2 * (t + 1))
    print(z, n, "multiplier", repr(mult), "p", repr(min(1.0, math.exp(logp))))
