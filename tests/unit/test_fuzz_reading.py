"""Property-based fuzzing of every answer reader and the language detector (hypothesis).

Arbitrary text (any Unicode, digits and number words, the words the readers look for, very
long runs) must never raise and must be read within a bounded time per message: hypothesis'
`deadline` fails an example that takes longer than DEADLINE_MS (no wall-clock asserts here).
The readers are called directly from `answers.READERS`, past `parse_answer`'s catch-all, so a
reader bug cannot hide behind it.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wereldwijs import vocabulary
from wereldwijs.reading import answers, facts, language, numbers, organisations, places, requests
from wereldwijs.reading.text import clean
from wereldwijs.vocabulary import PROFILE_SLOTS

DEADLINE_MS = 500
EXAMPLES = 150
WORDS = [
    "ja", "nee", "neen", "yes", "no", "geen", "idee", "weet", "niet", "about", "ongeveer",
    "twintig", "twintigtal", "dozen", "honderd", "duizend", "million", "half", "%", "procent",
    "sinds", "since", "in", "1987", "2005", "0", "-3", "1e9", "12,5", "3.000", "op", "10", "5",
    "Gent", "Zele", "1070", "Brussel", "Wallonie", "Duitsland", "VS", "US", "eu", "buurlanden",
    "FIT", "Credendo", "VLAIO", "niche", "massa", "mass", "export", "import", "wel", "eigenlijk",
    "opnieuw", "beginnen", "English", "please", "Nederlands", "?", "!", ",", "/", "{", "}", "\n",
]  # fmt: skip
text_strategy = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=30).map(" ".join),
    st.text(alphabet="0123456789 .,-+/%eE", max_size=80),
    st.just("9" * 400),
    st.just("ja " * 300),
)
KINDS = (
    ("bool", vocabulary.BOOL_SLOTS),
    ("year", vocabulary.YEAR_SLOTS),
    ("scale", vocabulary.SCALE_SLOTS),
    ("number", vocabulary.NUMBER_SLOTS),
    ("country", vocabulary.COUNTRY_SLOTS),
    ("list", vocabulary.LIST_SLOTS),
)


def kind_of(slot):
    """The READERS key for a slot without its own reader (as answers.py picks it)."""
    return next((kind for kind, slots in KINDS if slot in slots), "choice")


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(milliseconds=DEADLINE_MS),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def setup_module():
    """Load the readers' data files once, so the deadline measures reading, not loading."""
    for slot in PROFILE_SLOTS:
        answers.parse_answer(slot, "ja, 20 in Gent sinds 1987, FIT", "nl", None, 2026)
    test_numbers_places_organisations_facts_requests_take_any_text.hypothesis.inner_test(
        "ja 20 Gent Duitsland FIT", "nl"
    )
    language.choose_language("nl", "hello there, in English please")


@FUZZ
@given(slot=st.sampled_from(PROFILE_SLOTS), text=text_strategy, lang=st.sampled_from(["nl", "en"]))
def test_every_reader_takes_any_text(slot, text, lang):
    cleaned = clean(text)
    if cleaned:  # parse_answer hands the slot's reader cleaned, non-empty text
        reader = answers.READERS.get(slot) or answers.READERS[kind_of(slot)]
        assert isinstance(reader(slot, cleaned, lang, None, 2026), answers.Parsed)
    parsed = answers.parse_answer(slot, text, lang, None, 2026)
    assert isinstance(parsed, answers.Parsed)


@FUZZ
@given(text=text_strategy, lang=st.sampled_from(["nl", "en"]))
def test_numbers_places_organisations_facts_requests_take_any_text(text, lang):
    numbers.to_digits(text, lang)
    numbers.numbers_in(text, lang)
    numbers.approximate(text, lang)
    places.find_countries(text)
    places.country_code(text)
    places.regions_in_text(text)
    places.home_region(text)
    places.belgian_place_spans(text)
    organisations.find_organisations(text)
    assert isinstance(facts.extract_facts(text, lang, 2026), dict)
    facts.answer_countries(text)
    requests.requests_in(text)
    requests.is_question(text)
    requests.is_correction(text)


@FUZZ
@given(
    text=text_strategy,
    current=st.sampled_from(["nl", "en"]),
    intent=st.sampled_from([None, "inform", "switch_language", "greet"]),
    metadata=st.one_of(st.none(), st.text(max_size=5), st.sampled_from(["nl", "EN", "fr"])),
)
def test_language_detector_always_answers_nl_or_en(text, current, intent, metadata):
    chosen = language.choose_language(current, text, intent=intent, metadata_language=metadata)
    assert chosen in ("nl", "en")
    assert language.detect_language(text, current) in ("nl", "en")
    language.language_spans(text)


# ---------------------------------------------------------------- regressions found by fuzzing


def test_hundreds_of_digits_are_no_figure_and_no_crash():
    """'9' * 400 overflowed float() to infinity and int(inf) raised in parse_year."""
    assert numbers.numbers_in("9" * 400, "nl") == []
    year = answers.READERS["year"]
    assert not year("founding_year", "9" * 400, "nl", None, 2026).ok
    assert answers.READERS["number"]("employees", "9" * 400, "en", None, 2026).ok is False
    assert not answers.READERS["scale"]("niche_score", "9" * 400, "nl", None, 2026).ok
