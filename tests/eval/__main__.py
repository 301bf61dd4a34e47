"""`python -m tests.eval [--errors]`: print the evaluation table (and each error on request)."""

from __future__ import annotations

import argparse
import sys

from tests.eval.run import evaluate, misses, table


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.eval", description=__doc__)
    parser.add_argument(
        "--errors", action="store_true", help="also list every wrong and every missed mention"
    )
    args = parser.parse_args()
    evaluation = evaluate()
    print(table(evaluation))
    if args.errors:
        print("\nextraction errors")
        print(misses(evaluation.extraction))


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # piped into `head`: the reader has what it wanted
        sys.stderr.close()
