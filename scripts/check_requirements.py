"""Exit 0 when every requirement of the file given is installed in this Python, 1 otherwise."""

import sys
from importlib import metadata

from packaging.requirements import Requirement


def main(path):
    missing = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            req = Requirement(line)
            if req.marker and not req.marker.evaluate():
                continue
            try:
                version = metadata.version(req.name)
            except metadata.PackageNotFoundError:
                missing.append(str(req))
                continue
            if req.specifier and not req.specifier.contains(version, prereleases=True):
                missing.append(f"{req} (have {version})")
    for item in missing:
        print(item)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
