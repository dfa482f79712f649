"""Advice quality for the benchmark personas: length, figures, next markets, answers used.

    nice .venv/bin/python benchmarks/advice_quality.py          # write results/advice.{json,md}
    nice .venv/bin/python benchmarks/advice_quality.py --check  # exit 1 when a target is missed

Each persona's free-text answers (benchmarks/personas.yml) are read the way the intake reads
them (`wereldwijs.core.conversation.read`, in the intake's order), and the advice is composed
in the persona's language, with every "vertel meer" section. Measured per persona:
  - messages: the first advice and all details; the longest message (target <= 600 characters);
  - unsourced_numbers: numbers in a message that are neither in the knowledge files nor the
    firm's own answers (target 0);
  - markets: the suggested next markets, and served_suggested, those the firm already sells to
    (target 0);
  - answers_used: answers given vs answers the explanation says it used (target: all).
No Rasa server is needed: the reading and the advice are the library's pure functions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wereldwijs import knowledge  # noqa: E402
from wereldwijs.core import conversation as talk  # noqa: E402
from wereldwijs.core.classify import classify  # noqa: E402
from wereldwijs.core.intake import CORE_ORDER, DEEP_ORDER, applies  # noqa: E402
from wereldwijs.core.markets import served_countries  # noqa: E402
from wereldwijs.vocabulary import FirmProfile  # noqa: E402
from wereldwijs.wording.advice import (  # noqa: E402
    MAX_ADVICE_CHARS,
    compose_advice,
    compose_details,
    market_plan,
)
from wereldwijs.wording.explain import answer_uses  # noqa: E402

PERSONAS = ROOT / "benchmarks" / "personas.yml"
RESULTS = ROOT / "benchmarks" / "results"
CITATION = re.compile(r"\([^()]*(?:survey report|enquêterapport|SME article|kmo-artikel)[^()]*\)")


def read_persona(persona: dict) -> FirmProfile:
    """The profile the intake would build from the persona's answers (core, then deep)."""
    values: dict = {}
    lang = persona["language"]
    for phase, order in (("core", CORE_ORDER), ("deep", DEEP_ORDER)):
        for slot in order:
            profile = FirmProfile(**values)
            answer = persona["answers"].get(slot)
            if values.get(slot) is not None or answer is None or not applies(slot, profile, phase):
                continue
            reading = talk.read(slot, answer, lang, profile)
            if reading.answer.ok:
                values[slot] = reading.answer.value
            for key, value in reading.facts.items():
                values.setdefault(key, value)
    return FirmProfile(**values)


def unsourced_numbers(messages, profile: FirmProfile) -> list:
    known = knowledge.known_numbers()
    own = {float(v) for v in profile.as_slots().values() if isinstance(v, int)}
    for later in ("first_export_year", "first_import_year"):
        if getattr(profile, later) and profile.founding_year:
            own.add(float(getattr(profile, later) - profile.founding_year))
    found = []
    for message in messages:
        # the firm's own answers are quoted ('51% tot 75%'): not figures of the assistant's
        stripped = CITATION.sub("", re.sub(r"https?://\S+|(?<!\w)'[^']*'(?!\w)", "", message))
        for number in re.findall(r"\d+(?:[.,]\d+)?", stripped):
            if float(number.replace(",", ".")) not in known | own:
                found.append(number)
    return found


def measure(persona: dict) -> dict:
    lang = persona["language"]
    profile = read_persona(persona)
    c = classify(profile)
    first = compose_advice(profile, c, lang)
    sections = compose_details(profile, c, lang)
    messages = first + [m for section in sections for m in section]
    plan = market_plan(profile, c)
    markets = [m.code for m in plan.markets]
    given = [slot for slot, value in profile.as_slots().items() if value is not None]
    return {
        "id": persona["id"],
        "language": lang,
        "strategy": plan.strategy,
        "first_messages": len(first),
        "detail_sections": len(sections),
        "messages": len(messages),
        "longest": max(len(m) for m in messages),
        "unsourced_numbers": unsourced_numbers(messages, profile),
        "served": served_countries(profile),
        "markets": markets,
        "served_suggested": sorted(set(markets) & set(served_countries(profile))),
        "answers_given": len(given),
        "answers_used": len(answer_uses(profile, c, lang)),
    }


def passed(row: dict) -> bool:
    return (
        row["longest"] <= MAX_ADVICE_CHARS
        and not row["unsourced_numbers"]
        and not row["served_suggested"]
        and row["answers_used"] == row["answers_given"]
        and 3 <= len(row["markets"]) <= 5
    )


def report(rows: list) -> str:
    lines = [
        "# Advice quality per persona",
        "",
        f"Targets: longest message <= {MAX_ADVICE_CHARS} characters, no unsourced number, no",
        "suggested market the firm already serves, every answer used, three to five markets.",
        "",
        "| persona | lang | strategy | messages (first + details) | longest | unsourced | served | next markets | answers used | ok |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['id']} | {r['language']} | {r['strategy']} | {r['first_messages']} + "
            f"{r['messages'] - r['first_messages']} | {r['longest']} | "
            f"{len(r['unsourced_numbers'])} | {', '.join(r['served']) or '-'} | "
            f"{', '.join(r['markets'])} | {r['answers_used']}/{r['answers_given']} | "
            f"{'yes' if passed(r) else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    personas = yaml.safe_load(PERSONAS.read_text(encoding="utf-8"))["personas"]
    rows = [measure(p) for p in personas]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "advice.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "advice.md").write_text(report(rows), encoding="utf-8")
    print(report(rows))
    return 1 if args.check and not all(passed(r) for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
