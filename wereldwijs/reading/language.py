"""Which language a message is in: Dutch or English, from spaCy's stop-word lists and a few cues.

Short or ambiguous messages ("ok", "ja", "45", "FIT") keep the current language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from wereldwijs.reading.text import fold, normalise
from wereldwijs.vocabulary import LANGUAGES

FOREIGN = ("fr", "de", "es", "it", "pt")

# Cues beyond the stop-word lists: Flemish forms, answers, and frequent content words of this domain.
_CUES = {
    "nl": {
        "ja",
        "nee",
        "neen",
        "allee",
        "awel",
        "ge",
        "gij",
        "da's",
        "'t",
        "'k",
        "z'n",
        "m'n",
        "hoor",
        "jawel",
        "bedrijf",
        "onderneming",
        "werknemers",
        "mensen",
        "omzet",
        "exporteren",
        "uitvoeren",
        "dank",
        "bedankt",
        "merci",
        "graag",
        "alsjeblieft",
        "aub",
        "goeiemorgen",
        "goedemiddag",
        "dag",
        "zitten",
        "weet",
        "niet",
        "geen",
        "idee",
        "nog",
        "ongeveer",
        "zo'n",
        "procent",
        "jaar",
        "landen",
        "opgericht",
        "waarom",
        "wat",
        "hoe",
        "klopt",
        "hoeveel",
        "kost",
        "spreken",
        "praten",
        "nederlands",
        "engels",
        "vertel",
        "zeg",
    },
    "en": {
        "yes",
        "yeah",
        "yep",
        "nope",
        "please",
        "thanks",
        "thank",
        "company",
        "firm",
        "people",
        "staff",
        "employees",
        "turnover",
        "export",
        "exporting",
        "countries",
        "founded",
        "about",
        "around",
        "hello",
        "hi",
        "don't",
        "i'm",
        "we're",
        "it's",
        "what's",
        "that's",
        "let's",
        "can't",
        "percent",
        "years",
        "why",
        "how",
        "sure",
        "know",
        "idea",
        "clue",
        "tell",
        "continue",
        "switch",
        "speak",
        "talk",
        "english",
        "what",
        "does",
    },
    # greetings and request verbs that give away a foreign message even when it is short
    "fr": {
        "bonjour",
        "bonsoir",
        "salut",
        "merci",
        "voudrais",
        "voulons",
        "pourriez",
        "pouvez",
        "exporter",
        "entreprise",
        "societe",
        "oui",
        "non",
        "francais",
        "s'il",
        "plait",
    },
    "de": {
        "hallo",
        "guten",
        "danke",
        "bitte",
        "mochte",
        "mochten",
        "konnen",
        "unternehmen",
        "firma",
        "ja",
        "nein",
        "deutsch",
        "exportieren",
    },
    "es": {
        "hola",
        "gracias",
        "quiero",
        "queremos",
        "podria",
        "empresa",
        "exportar",
        "espanol",
        "buenos",
        "dias",
    },
    "it": {"ciao", "buongiorno", "grazie", "vorrei", "azienda", "esportare", "italiano"},
    "pt": {"ola", "obrigado", "obrigada", "gostaria", "empresa", "exportar", "portugues"},
}
# Contractions that only English writes.
_EN_SUFFIX = re.compile(r"[a-z](?:n't|'re|'m|'ll|'ve|'d)$")
_WORD = re.compile(r"'?[a-zà-ÿ]+(?:'[a-zà-ÿ]+)*'?")


@lru_cache(maxsize=1)
def _stop_words() -> Dict[str, frozenset]:
    from spacy.lang.de.stop_words import STOP_WORDS as DE
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.es.stop_words import STOP_WORDS as ES
    from spacy.lang.fr.stop_words import STOP_WORDS as FR
    from spacy.lang.it.stop_words import STOP_WORDS as IT
    from spacy.lang.nl.stop_words import STOP_WORDS as NL
    from spacy.lang.pt.stop_words import STOP_WORDS as PT

    raw = {"nl": NL, "en": EN, "fr": FR, "de": DE, "es": ES, "it": IT, "pt": PT}
    lists = {lang: {normalise(w) for w in words} for lang, words in raw.items()}
    nl_en_shared = lists["nl"] & lists["en"]  # "in", "is", "we", "over"... say nothing
    result = {}
    for lang, words in lists.items():
        words = words | {normalise(c) for c in _CUES.get(lang, ())}
        result[lang] = frozenset(words - nl_en_shared if lang in LANGUAGES else words)
    return result


_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")  # e-mail and web addresses say no language


def _words(text: str) -> List[str]:
    text = _ADDRESS.sub(" ", normalise(text))
    return [w.strip("'") if w.count("'") == 2 else w for w in _WORD.findall(text)]


def _scores(words: List[str], langs) -> Dict[str, int]:
    stops = _stop_words()
    scores = {lang: sum(1 for w in words if w in stops[lang]) for lang in langs}
    if "en" in scores:
        scores["en"] += sum(1 for w in words if _EN_SUFFIX.search(w) and w not in stops["nl"])
    return scores


def detect_language(text: str, current: str = "nl") -> str:
    """ "nl" or "en"; the current language when the text gives too little evidence."""
    current = current if current in LANGUAGES else "nl"
    words = _words(text or "")
    if len(words) < 2:
        return current
    scores = _scores(words, LANGUAGES)
    nl, en = scores["nl"], scores["en"]
    best, margin = ("nl", nl - en) if nl >= en else ("en", en - nl)
    # Two clear signals more than the other language (one for a message of two or three words),
    # or a one-sided signal in a message of three words or more.
    needed = 1 if len(words) <= 3 else 2
    if max(nl, en) >= 2 and margin >= needed:
        return best
    if min(nl, en) == 0 and margin >= 1 and len(words) >= 3:
        return best
    return current


def other_language(text: str) -> Optional[str]:
    """A message clearly in French, German, Spanish, Italian or Portuguese -> its code, else None."""
    words = _words(text or "")
    if len(words) < 3:
        return None
    scores = _scores(words, LANGUAGES + FOREIGN)
    home = max(scores["nl"], scores["en"])
    lang, best = max(((code, scores[code]) for code in FOREIGN), key=lambda item: item[1])
    if best >= 2 and best >= 2 * home + 1 and best >= len(words) // 3:
        return lang
    return None


# ------------------------------------------------------------------ explicitly named languages

LANGUAGE_NAMES = {
    "en": ("english", "engels", "engelstalig", "anglais", "englisch", "ingles"),
    "nl": (
        "nederlands",
        "dutch",
        "vlaams",
        "flemish",
        "nederlandstalig",
        "neerlandais",
        "niederlandisch",
        "hollands",
    ),
}
# Words that may follow a language name without it becoming an adjective ("English please").
_AFTER_OK = {
    "please",
    "pls",
    "plz",
    "aub",
    "a.u.b",
    "a.u.b.",
    "alsjeblieft",
    "alstublieft",
    "graag",
    "svp",
    "s.v.p",
    "thanks",
    "thank",
    "bitte",
    "now",
    "nu",
    "verder",
    "from",
    "vanaf",
    "instead",
    "of",
    "or",
    "liever",
    "then",
    "dan",
    "ok",
    "oke",
    "if",
    "als",
    "mag",
    "kan",
    # "kan je ook Nederlands praten?", "can we talk English"
    "praten",
    "spreken",
    "babbelen",
    "schrijven",
    "antwoorden",
    "verdergaan",
    "doen",
    "speak",
    "talk",
    "write",
    "answer",
    "continue",
}
_NAME_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(n for names in LANGUAGE_NAMES.values() for n in names)
    + r")(?![\w-])",
    re.IGNORECASE,
)


def language_spans(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, "nl"/"en") where a language is named as the language to speak."""
    plain = fold(text, lower=True)
    spans = []
    for m in _NAME_RE.finditer(plain):
        name = m.group(1).lower()
        lang = next(code for code, names in LANGUAGE_NAMES.items() if name in names)
        following = re.match(r"\s*([\w.]+)", plain[m.end() :])
        nxt = following.group(1).lower() if following else None
        if nxt is None or nxt in _AFTER_OK:
            spans.append((m.start(), m.end(), lang))
    return spans


def language_named(text: str) -> Optional[str]:
    """ "English please" / "in het Nederlands aub" / "Engels" -> "en"/"nl"; None if none or both."""
    langs = {lang for _, _, lang in language_spans(text)}
    return langs.pop() if len(langs) == 1 else None


def choose_language(
    current: str,
    message: str,
    intent: Optional[str] = None,
    metadata_language: Optional[str] = None,
    named_entity: Optional[str] = None,
) -> str:
    """The conversation's language after this message. In this order: the channel's metadata, a
    button payload (keeps the current), a language asked for (named, or else the other one),
    then detection on the text (short or ambiguous keeps the current)."""
    if isinstance(metadata_language, str) and metadata_language.lower()[:2] in LANGUAGES:
        return metadata_language.lower()[:2]
    if message.startswith("/"):  # a button payload: no words to judge
        return current
    if intent == "switch_language":
        named = named_entity if named_entity in LANGUAGES else language_named(message)
        return named or ("en" if current == "nl" else "nl")
    return detect_language(message, current)
