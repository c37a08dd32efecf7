"""MIL-STD-105E single sampling plans by attributes (public domain; the same tables as ANSI/ASQ Z1.4 and
ISO 2859-1): Table I (lot size -> sample size code letter, general inspection levels I, II, III) and Tables II-A
(normal), II-B (tightened) and II-C (reduced), AQL 0.010 to 6.5 percent nonconforming.

The master tables are diagonal: along a column (one AQL) the plans follow one fixed series of acceptance /
rejection numbers, and the series starts one code letter lower for each smaller AQL. An arrow in the printed
table sends the user to the first plan below (down arrow) or above (up arrow) it, sample size included. The
tables are generated from those series, which reproduces the printed rows (the tests compare them). At the
foot of the tables the diagonal is cut: where the series would point down from the last letter R, Tables II-A
and II-C print an up arrow (AQL 0.015), and Table II-B has one more row, S (sample 3150), reached only by the
down arrow of R at AQL 0.025 (plan 1/2).

Checked cell by cell (letters A-S, AQL 0.010-6.5, the acceptance number each cell leads to) against the
data set ``milstd105eplans`` of the CRAN package Planesmuestra 0.1 (MIL-STD-105E / ANSI/ASQ Z1.4 / ISO 2859
single sampling, normal, tightened, reduced); it agreed everywhere but those foot cells, fixed here.
"""

from odoo.addons.quality_documents.models.quality_inspection_characteristic import AQLS

LETTERS = "ABCDEFGHJKLMNPQR"

# Table I: upper lot size bound -> code letter for levels I, II, III.
TABLE_I = [
    (8, "AAB"),
    (15, "ABC"),
    (25, "BCD"),
    (50, "CDE"),
    (90, "CEF"),
    (150, "DFG"),
    (280, "EGH"),
    (500, "FHJ"),
    (1200, "GJK"),
    (3200, "HKL"),
    (10000, "JLM"),
    (35000, "KMN"),
    (150000, "LNP"),
    (500000, "MPQ"),
    (None, "NQR"),
]
LEVELS = ("I", "II", "III")

# Sample size per code letter: normal and tightened (Tables II-A and II-B), reduced (Table II-C).
SAMPLE_SIZE = dict(zip(LETTERS, (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000), strict=True))
# Table II-B only: the row below R, reached by a down arrow, never from Table I.
TIGHTENED_LETTERS = LETTERS + "S"
SAMPLE_SIZE["S"] = 3150
REDUCED_SAMPLE_SIZE = dict(zip(LETTERS, (2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800), strict=True))

# AQLs of the tables, smallest first: AQLS, the characteristic's choice (quality_documents), one list for both.

UP, DOWN = "up", "down"
# Along a column of Table II-A, from the letter of the 0/1 plan: 0/1, up arrow, down arrow, then these plans.
NORMAL_SERIES = [(0, 1), UP, DOWN, (1, 2), (2, 3), (3, 4), (5, 6), (7, 8), (10, 11), (14, 15), (21, 22)]
# Table II-C (MIL-STD-105E keeps a gap between Ac and Re: a lot between them is accepted, and inspection
# returns to normal).
REDUCED_SERIES = [(0, 1), UP, DOWN, (0, 2), (1, 3), (1, 4), (2, 5), (3, 6), (5, 8), (7, 10), (10, 13)]
# Table II-B: the column of the next smaller AQL of Table II-A, its larger acceptance numbers tightened.
TIGHTENED_MAP = {(7, 8): (8, 9), (10, 11): (12, 13), (14, 15): (18, 19), (21, 22): UP}


def code_letter(lot_size, level="II"):
    """Sample size code letter of Table I for a lot of ``lot_size`` units at general level ``level``."""
    if level not in LEVELS:
        raise ValueError(f"inspection level {level!r}: use one of {', '.join(LEVELS)}")
    lot_size = int(lot_size)
    if lot_size < 2:
        lot_size = 2
    for upper, letters in TABLE_I:
        if upper is None or lot_size <= upper:
            return letters[LEVELS.index(level)]
    raise AssertionError("unreachable")


def _first_letter(aql):
    """Index of the letter where the column of ``aql`` holds its 0/1 plan (6.5 -> A, 4.0 -> B, ...)."""
    if aql not in AQLS:
        raise ValueError(f"AQL {aql!r}: use one of {', '.join(AQLS)}")
    return len(AQLS) - 1 - AQLS.index(aql)


def _cell(severity, letter_index, aql):
    """The printed cell of Table II-A/B/C: (Ac, Re), UP or DOWN."""
    if severity == "tightened":
        start = _first_letter(aql) + 1  # the next smaller AQL's column
        series = [TIGHTENED_MAP.get(item, item) if isinstance(item, tuple) else item for item in NORMAL_SERIES]
    else:
        start = _first_letter(aql)
        series = REDUCED_SERIES if severity == "reduced" else NORMAL_SERIES
    position = letter_index - start
    if position < 0:
        return DOWN
    if position >= len(series):
        return UP
    cell = series[position]
    last = len(TIGHTENED_LETTERS if severity == "tightened" else LETTERS) - 1
    if cell == DOWN and letter_index == last:
        return UP  # the foot of the table: nothing below to point to
    return cell


def plan(lot_size, aql, level="II", severity="normal"):
    """The single sampling plan: ``{"letter", "sample_size", "accept", "reject", "full"}``.

    ``full`` is True when the sample is the whole lot (sample size at least the lot size: 100% inspection).
    """
    if severity not in ("normal", "tightened", "reduced"):
        raise ValueError(f"severity {severity!r}: use normal, tightened or reduced")
    letters = TIGHTENED_LETTERS if severity == "tightened" else LETTERS
    index = LETTERS.index(code_letter(lot_size, level))
    cell = _cell(severity, index, aql)
    seen = 0
    while not isinstance(cell, tuple):
        index += 1 if cell == DOWN else -1
        seen += 1
        if index < 0 or index >= len(letters) or seen > len(letters):
            raise ValueError(f"no {severity} plan for AQL {aql} from lot size {lot_size}")
        cell = _cell(severity, index, aql)
    letter = letters[index]
    size = (REDUCED_SAMPLE_SIZE if severity == "reduced" else SAMPLE_SIZE)[letter]
    accept, reject = cell
    full = size >= int(lot_size)
    if full:
        size = int(lot_size)
    return {"letter": letter, "sample_size": size, "accept": accept, "reject": reject, "full": full}
