"""How the crate ``parse-dockerfile`` fares on the shared corpus, judged by
BuildKit's parser (PyPI ``dockerfile``): accept/reject agreement and the
sequence of instruction keywords per file (a looser test than ours, which
also compares flags, words and heredoc bodies).

Usage (from the repository root, after ``make dev``):

    cargo build --release --manifest-path bench/parse/parse-dockerfile-eval/Cargo.toml
    bench/parse/parse-dockerfile-eval/target/release/parse-dockerfile-eval CORPUS > /tmp/pd.jsonl
    .venv/bin/python bench/parse/parse_dockerfile_eval.py /tmp/pd.jsonl CORPUS
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import dockerfile


def main() -> int:
    results, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    agree = 0
    reasons: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()
    for row in rows:
        text = (corpus / row["file"]).read_text(encoding="utf-8")
        try:
            keywords = [c.cmd.upper() for c in dockerfile.parse_string(text)]
            accepted = True
        except dockerfile.GoParseError:
            keywords, accepted = [], False
        if not row["ok"]:
            errors[re.sub(r" at line \d+ column \d+", "", row["error"])] += 1
        if accepted != row["ok"]:
            reasons["rejects what BuildKit accepts" if accepted else "accepts what BuildKit rejects"] += 1
        elif accepted and [k.upper() for k in row["kinds"]] != keywords:
            reasons["different instruction keywords"] += 1
        else:
            agree += 1
    print(f"agree: {agree} / {len(rows)}")
    for reason, count in reasons.most_common():
        print(f"  {count:5d} {reason}")
    print("its most frequent errors:")
    for error, count in errors.most_common(8):
        print(f"  {count:5d} {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
