"""A text summary of a py-spy profile (`py-spy record --format raw`: one collapsed stack a line).

    .venv/bin/python benchmarks/profile_summary.py benchmarks/.work/profile_before.txt [--top 25]

Prints, as Markdown: the share of samples spent under each area of interest (a sample counts
for an area when any frame of its stack is in that area), then the functions with the most
samples on the stack (inclusive) and at the top of the stack (self).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

# area -> regex on a frame "function (file:line)"
AREAS: Dict[str, str] = {
    "jsonschema (action response validation)": r"\(jsonschema/",
    "SQLAlchemy (tracker store)": r"\(sqlalchemy/",
    "event rebuilding (Event.from_parameters)": r"^from_parameters \(rasa/shared/core/events\.py",
    "event class look-up (all_subclasses)": r"^all_subclasses \(rasa/shared/utils/common\.py",
    "TensorFlow (DIET)": r"\(tensorflow/|\(keras/",
    "tracker replay (DialogueStateTracker.replay / from_dict)": r"\(rasa/shared/core/trackers\.py",
    "policy prediction (rasa/core/policies)": r"\(rasa/core/policies/",
    "spaCy entity ruler": r"\(spacy/",
    "HTTP to the action server (aiohttp)": r"\(aiohttp/",
    "logging / structlog": r"\(logging/|\(structlog/",
    "NLU parse of the user message": r"^_parse_message_with_graph \(",
    "tracker store read (_retrieve)": r"^_retrieve \(",
    "tracker store write (save)": r"^save \(rasa/core/tracker_store\.py",
    "new trackers (DialogueStateTracker.__init__, copies)": r"^__init__ \(rasa/shared/core/trackers\.py",
    "copy.copy / deepcopy": r"^(copy|deepcopy) \(copy\.py",
    "applied events": r"^applied_events \(",
    "the benchmark's tracker read (GET .../tracker)": r"^retrieve_tracker \(rasa/server\.py",
}
FRAME = re.compile(r"^(?P<func>.*?) \((?P<where>[^()]*)\)$")


def parse(path: Path) -> List[Tuple[List[str], int]]:
    """The stacks of a raw py-spy profile (`.txt`, or gzipped `.txt.gz`)."""
    if path.suffix == ".gz":
        text = gzip.decompress(path.read_bytes()).decode(errors="replace")
    else:
        text = path.read_text(errors="replace")
    stacks = []
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def strip_line(frame: str) -> str:
    """'f (a/b.py:12)' -> 'f (a/b.py)', so one function counts once whatever line it is on."""
    m = FRAME.match(frame)
    return f"{m['func']} ({m['where'].rsplit(':', 1)[0]})" if m else frame


def summarise(stacks: List[Tuple[List[str], int]], top: int = 25) -> str:
    total = sum(n for _, n in stacks) or 1
    areas = Counter()
    inclusive, own = Counter(), Counter()
    for frames, n in stacks:
        for area, pattern in AREAS.items():
            if any(re.search(pattern, f) for f in frames):
                areas[area] += n
        for f in {strip_line(f) for f in frames}:
            inclusive[f] += n
        if frames:
            own[strip_line(frames[-1])] += n
    pct = lambda n: f"{100 * n / total:.1f}%"  # noqa: E731
    lines = [f"{total} samples", "", "| area | share of samples |", "|---|---|"]
    lines += [f"| {a} | {pct(areas[a])} |" for a in AREAS]
    lines += ["", f"Top {top} functions on the stack (inclusive):", ""]
    lines += [f"- {pct(n)} {f}" for f, n in inclusive.most_common(top)]
    lines += ["", f"Top {top} functions at the top of the stack (self):", ""]
    lines += [f"- {pct(n)} {f}" for f, n in own.most_common(top)]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("raw", type=Path)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args(argv)
    sys.stdout.write(summarise(parse(args.raw), args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
