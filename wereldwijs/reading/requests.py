"""The words of a request about the conversation, read without the intent classifier.

A request is taken over an answer only when it is unmistakable: the classifier heard it *and*
its words are there. These patterns are those words (normalised text, Dutch and English). They
are kept narrow on purpose: "2021, right from the start" names no restart, "Gent" no person.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet

from wereldwijs.reading.language import language_named
from wereldwijs.reading.organisations import find_organisations
from wereldwijs.reading.text import normalise

REQUEST_WORDS: Dict[str, str] = {
    "restart": r"opnieuw (?:beginnen|starten|begin)|herbegin\w*|herstart\w*|(?:start|begin) "
    r"(?:over|again|opnieuw|from scratch)|from scratch|van voor af aan|restart|reset|"
    r"alles (?:wissen|opnieuw)|nieuwe scan|new scan|start a new",
    "forget_me": r"(?:verwijder|wis|delete|erase|remove|vergeet)\w* (?:\w+ ){0,2}?(?:gegevens|data|"
    r"info\w*|antwoorden|answers|gesprek|conversation|alles|everything|me|mij)|forget (?:me|us)|"
    r"vergeet (?:me|mij|ons)|gdpr|right to be forgotten",
    "ask_human": r"(?:met|with|to) (?:een |an? |iemand|someone|somebody|a real)?\s?(?:persoon|"
    r"mens|adviseur|medewerker|consulent|advisor|adviser|consultant|person|human|agent|iemand|"
    r"someone|somebody)\b|(?:echte|real) (?:persoon|mens|person|human)|talk to (?:someone|a)|"
    r"spreken met|bellen met|call (?:me|back)|terugbellen",
    "get_report": r"rapport|samenvatting|overzicht van mijn|report|summary|pdf|verslag|"
    r"stuur (?:me|mij) (?:\w+ ){0,2}(?:advies|resultaat)|send me (?:\w+ ){0,2}(?:advice|results?)",
    "goodbye": r"^(?:dag|daag|doei|tot ziens|tot later|tot straks|salu|salut|bye|goodbye|bye bye|"
    r"see you|ciao|later)\b|\b(?:tot ziens|goodbye|good bye|see you later|ik stop|i'?m done|"
    r"i quit|genoeg voor vandaag|that'?s all for today)\b",
    "ask_why": r"\bwaarom\b|\bwhy\b|waartoe|what for|wat heeft dat (?:ermee )?te maken|"
    r"waar(?:om|voor) (?:wil|moet|vraag)|why do you (?:need|want|ask)|how is that relevant",
    "ask_explain": r"wat (?:bedoel|betekent|is (?:een|dat|het verschil))|what (?:do you mean|does "
    r"\w+ mean|is (?:a|an|the|that))|leg (?:\w+ )?uit|uitleg|explain|meaning of|betekenis",
    "ask_support_orgs": r"wie (?:kan|helpt)|welke (?:organisatie|instantie|agentschap)\w*|"
    r"who can help|which (?:organisation|organization|agenc)\w*|support organi[sz]ations?",
    "help": r"^(?:help|hulp|\?+)$|wat kan (?:je|jij|u)|what can you do|hoe werkt (?:dit|het)|"
    r"how does (?:this|it) work",
    "bot_challenge": r"ben (?:je|jij|u) een (?:bot|robot|mens|computer)|are you (?:a )?(?:bot|"
    r"robot|human|real|computer)|praat ik met een (?:bot|robot|mens)",
}
_COMPILED = {intent: re.compile(r"(?:" + words + r")") for intent, words in REQUEST_WORDS.items()}
_ORG_QUESTION = re.compile(
    r"\b(?:wat (?:doet|doen|is)|wie is|vertel|info|what (?:does|do|is)|tell me|who is|"
    r"more about|meer over)\b"
)


@lru_cache(maxsize=2048)
def requests_in(text: str) -> FrozenSet[str]:
    """The requests whose words the message carries (intent names)."""
    norm = normalise(text or "")
    found = {intent for intent, regex in _COMPILED.items() if regex.search(norm)}
    if find_organisations(text) and _ORG_QUESTION.search(norm):
        found.add("ask_org_info")
    if language_named(text):
        found.add("switch_language")
    return frozenset(found)


_QUESTION_START = re.compile(
    r"^(?:wat|waarom|hoe|wie|welke?|wanneer|waar|kan|kun|mag|moet|is|zijn|heb|hebt|what|why|"
    r"how|who|which|when|where|can|could|may|should|is|are|do|does|did)\b"
)


def is_question(text: str) -> bool:
    """Shaped like a question: a question mark, or an interrogative first word."""
    norm = normalise(text or "")
    return "?" in norm or bool(_QUESTION_START.search(norm))


_CORRECTION = re.compile(
    r"\b(?:eigenlijk|toch (?:wel|niet)|correctie|verbetering|ik bedoel\w*|sorry|pardon|"
    r"rectific\w*|ik vergis me|vergist|actually|correction|i mean|i meant|in fact|my mistake|"
    r"wait|scratch that|instead)\b"
)


def is_correction(text: str) -> bool:
    """The person says they correct an earlier answer: "eigenlijk exporteren we wel"."""
    return bool(_CORRECTION.search(normalise(text or "")))
