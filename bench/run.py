"""The benchmarks: `./okrug bench NAME [args]`. Each prints its figures and its baseline."""

import runpy
import sys
from pathlib import Path

BENCHMARKS = {path.stem: path for path in Path(__file__).parent.glob("*.py") if path.stem != "run"}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in BENCHMARKS:
        print(f"usage: ./okrug bench {{{','.join(sorted(BENCHMARKS))}}} [args]")
        raise SystemExit(2)
    name = sys.argv[1]
    sys.argv = [str(BENCHMARKS[name]), *sys.argv[2:]]
    runpy.run_path(str(BENCHMARKS[name]), run_name="__main__")


if __name__ == "__main__":
    main()
