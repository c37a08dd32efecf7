"""The verdict line of make bench's two parts (scripts/bench.py, scripts/bench_load.py): their exit status."""


def verdict(failures, what="budget"):
    """Print the missed budgets (``what``: which kind, for the reader) or that all were met; return the exit status."""
    print()
    if failures:
        print(f"{len(failures)} {what}(s) missed:")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print(f"All {what}s met.")
    return 0
