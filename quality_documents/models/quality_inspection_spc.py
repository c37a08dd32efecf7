"""Statistical process control for measured characteristics (pure Python, no dependency).

Individuals and moving range (I-MR) for single values, X-bar and R for subgroups of 2 to 10 values; control
limits from the data; the Western Electric rules 1-4 on the points; capability (Cp, Cpk from the within-subgroup
sigma) and performance (Pp, Ppk from the overall standard deviation) against the specification limits.
"""

import math

from markupsafe import Markup, escape

# Control chart constants (ASTM / Montgomery): n -> (A2, D3, D4, d2).
XBAR_R_CONSTANTS = {
    2: (1.880, 0.0, 3.267, 1.128),
    3: (1.023, 0.0, 2.574, 1.693),
    4: (0.729, 0.0, 2.282, 2.059),
    5: (0.577, 0.0, 2.114, 2.326),
    6: (0.483, 0.0, 2.004, 2.534),
    7: (0.419, 0.076, 1.924, 2.704),
    8: (0.373, 0.136, 1.864, 2.847),
    9: (0.337, 0.184, 1.816, 2.970),
    10: (0.308, 0.223, 1.777, 3.078),
}
E2 = 2.66  # 3 / d2 for moving ranges of 2
D4_MR = 3.267
D2_MR = 1.128

RULE_LABELS = {
    1: "Rule 1: a point beyond 3 sigma",
    2: "Rule 2: 2 of 3 points beyond 2 sigma on one side",
    3: "Rule 3: 4 of 5 points beyond 1 sigma on one side",
    4: "Rule 4: 8 points in a row on one side of the centre line",
}


def _mean(values):
    return sum(values) / len(values)


def western_electric(points, center, sigma):
    """{index of point: [rules violated at that point]} (rules 1-4, each window ending at the point)."""
    flags = {}
    if sigma <= 0:
        return flags
    z = [(x - center) / sigma for x in points]

    def flag(i, rule):
        flags.setdefault(i, [])
        if rule not in flags[i]:
            flags[i].append(rule)

    for i, value in enumerate(z):
        if abs(value) > 3:
            flag(i, 1)
        for side in (1, -1):
            window = z[max(0, i - 2) : i + 1]
            if len(window) == 3 and sum(1 for v in window if v * side > 2) >= 2 and value * side > 2:
                flag(i, 2)
            window = z[max(0, i - 4) : i + 1]
            if len(window) == 5 and sum(1 for v in window if v * side > 1) >= 4 and value * side > 1:
                flag(i, 3)
            window = z[max(0, i - 7) : i + 1]
            if len(window) == 8 and all(v * side > 0 for v in window):
                flag(i, 4)
    return flags


def capability(values, sigma_within, lsl, usl):
    """Cp, Cpk (within sigma) and Pp, Ppk (overall sample standard deviation)."""
    n = len(values)
    mean = _mean(values)
    overall = math.sqrt(sum((x - mean) ** 2 for x in values) / (n - 1)) if n > 1 else 0.0
    result = {"mean": mean, "sigma_within": sigma_within, "sigma_overall": overall}
    for prefix, sigma in (("c", sigma_within), ("p", overall)):
        if sigma > 0:
            result[f"{prefix}p"] = (usl - lsl) / (6 * sigma)
            result[f"{prefix}pk"] = min(usl - mean, mean - lsl) / (3 * sigma)
        else:
            result[f"{prefix}p"] = result[f"{prefix}pk"] = 0.0
    return result


def individuals(values, lsl, usl):
    """I-MR chart of ``values`` (at least 2): limits, rules on the points, capability."""
    if len(values) < 2:
        return None
    center = _mean(values)
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    mr_bar = _mean(ranges)
    sigma = mr_bar / D2_MR
    chart = {
        "chart": "I-MR",
        "n": len(values),
        "points": list(values),
        "center": center,
        "ucl": center + E2 * mr_bar,
        "lcl": center - E2 * mr_bar,
        "mr_bar": mr_bar,
        "mr_ucl": D4_MR * mr_bar,
        "ranges": ranges,
        "violations": western_electric(values, center, sigma),
    }
    chart.update(capability(values, sigma, lsl, usl))
    return chart


def xbar_r(subgroups, lsl, usl):
    """X-bar and R chart of ``subgroups`` (lists of equal size 2-10, at least 2 subgroups)."""
    size = len(subgroups[0]) if subgroups else 0
    if len(subgroups) < 2 or size not in XBAR_R_CONSTANTS or any(len(g) != size for g in subgroups):
        return None
    a2, d3, d4, d2 = XBAR_R_CONSTANTS[size]
    means = [_mean(g) for g in subgroups]
    ranges = [max(g) - min(g) for g in subgroups]
    center = _mean(means)
    r_bar = _mean(ranges)
    sigma_within = r_bar / d2
    chart = {
        "chart": "X-bar R",
        "n": len(subgroups),
        "points": means,
        "center": center,
        "ucl": center + a2 * r_bar,
        "lcl": center - a2 * r_bar,
        "r_bar": r_bar,
        "r_ucl": d4 * r_bar,
        "r_lcl": d3 * r_bar,
        "ranges": ranges,
        "violations": western_electric(means, center, sigma_within / math.sqrt(size)),
    }
    chart.update(capability([x for g in subgroups for x in g], sigma_within, lsl, usl))
    return chart


def _tick(value):
    return f"{value:.4g}"


def _ticks(low, high, count=5):
    """Round values (1, 2, 2.5 or 5 times a power of ten apart) between ``low`` and ``high``."""
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _value_range(known, lines):
    """The y range of a chart of the ``known`` points and ``lines``, padded by 8 % (not below 0 for data >= 0)."""
    values = known + [value for _label, value, _colour, _dash in lines if value is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-12:
        low, high = low - 1.0, high + 1.0
    pad = (high - low) * 0.08
    return (low - pad if low < 0 or low - pad >= 0 else 0.0), high + pad


def svg_chart(points, lines, flagged=(), title="", width=1000, height=230):
    """An SVG line chart (markup) of ``points`` (None = no point) with horizontal ``lines`` (label, value,
    colour, dashed), the points at the indexes in ``flagged`` in red: drawn in Python for the PDF, where
    wkhtmltopdf cannot be relied on to run Chart.js."""
    left, right, top, bottom = 70, 120, 26, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [p for p in points if p is not None]
    low, high = _value_range(known, lines)
    count = max(len(points), 2)

    def x(index):
        return left + plot_w * index / (count - 1)

    def y(value):
        return top + plot_h * (high - value) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="13">',
        f'<text x="{left}" y="16" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>',
    ]
    for value in _ticks(low, high):
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" y2="{y(value):.1f}" stroke="#e5e5e5"/>'
            f'<text x="{left - 5}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#555">{_tick(value)}</text>'
        )
    for label, value, colour, dashed in lines:
        if value is None:
            continue
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" y2="{y(value):.1f}" stroke="{colour}" '
            f'stroke-width="1.2"{dash}/>'
            f'<text x="{left + plot_w + 5}" y="{y(value) + 4:.1f}" fill="{colour}">{escape(label)} '
            f"{_tick(value)}</text>"
        )
    path = []
    for index, value in enumerate(points):
        if value is None:
            continue
        path.append(("M" if not path else "L") + f"{x(index):.1f},{y(value):.1f}")
    if path:
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="#1f77b4" stroke-width="1.2"/>')
    flagged = set(flagged)
    dots = len(known) <= 250
    for index, value in enumerate(points):
        if value is None or (not dots and index not in flagged):
            continue
        red = index in flagged
        parts.append(
            f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="{3.5 if red else 2}" '
            f'fill="{"#d62728" if red else "#1f77b4"}"/>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 10}" fill="#555">1</text>'
        f'<text x="{left + plot_w}" y="{height - 10}" text-anchor="end" fill="#555">{len(points)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
