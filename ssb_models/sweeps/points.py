"""A sweep's points: the full grid or a Latin hypercube over the parameters' ranges,
and the key that identifies a point in the store (``sweep.sqlite``)."""

import json


def grid(params):
    """Every combination of the parameters' values (``params`` = ((name, values,
    spacing), ...)), the last parameter varying fastest."""
    import itertools

    names = [p[0] for p in params]
    return [dict(zip(names, combo)) for combo in itertools.product(*(p[1] for p in params))]


def lhs(params, n, seed):
    """Latin hypercube over each parameter's range (log-uniform for 'log' ranges;
    'values' lists are sampled by index)."""
    import numpy as np
    from scipy.stats import qmc

    u = qmc.LatinHypercube(d=len(params), seed=seed).random(n)
    points = []
    for row in u:
        point = {}
        for (name, values, kind), x in zip(params, row):
            lo, hi = values[0], values[-1]
            if kind == "log":
                point[name] = float(np.exp(np.log(lo) + x * (np.log(hi) - np.log(lo))))
            elif kind == "linear":
                point[name] = float(lo + x * (hi - lo))
            else:
                point[name] = float(values[min(int(x * len(values)), len(values) - 1)])
        points.append(point)
    return points


def point_key(point):
    """The store's unique key of a point (its values, sorted, as exact reprs)."""
    return json.dumps({k: repr(float(v)) for k, v in sorted(point.items())})
