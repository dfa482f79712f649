"""Language detection (nl/en, keep current when unsure), named languages, foreign languages."""

import pytest

from wereldwijs.reading.language import detect_language, language_named, other_language

DUTCH = [
    "we zijn met een twintigtal mensen",
    "Hoeveel kost dat?",
    "geen idee",
    "da's ne goeie vraag allee",
    "ge moet da ni vragen",
    "we exporteren naar Frankrijk",
    "wat doet Credendo?",
    "ik wil graag exporteren, kunt u mij helpen?",
    "we zitten in Zele en voeren uit naar de buurlanden",
    "waarom wilt ge dat weten?",
    "kan het in het Engels?",
    "neen, dat doen we niet",
    "stuur me een samenvatting aub",
]
ENGLISH = [
    "we are about 40 people",
    "how much does it cost?",
    "no idea",
    "I'm not sure",
    "I would rather not say",
    "we export to France",
    "tell me about FIT",
    "can we continue in English?",
    "yes please",
    "we're 40 people in Ghent exporting to 12 countries",
    "which agencies support exporters?",
    "why do you need that?",
    "can I get a report",
]
AMBIGUOUS = [
    "ok",
    "ja",
    "45",
    "FIT",
    "sorry",
    "Gent",
    "1m_5m",
    "in 2017 al",
    "Credendo?",
    "Flanders Investment & Trade",
    "B2B",
    "",
    "👍",
    "export",
]


@pytest.mark.parametrize("text", DUTCH)
@pytest.mark.parametrize("current", ["nl", "en"])
def test_dutch(text, current):
    assert detect_language(text, current) == "nl"


@pytest.mark.parametrize("text", ENGLISH)
@pytest.mark.parametrize("current", ["nl", "en"])
def test_english(text, current):
    assert detect_language(text, current) == "en"


@pytest.mark.parametrize("text", AMBIGUOUS)
@pytest.mark.parametrize("current", ["nl", "en"])
def test_short_or_ambiguous_keeps_current(text, current):
    assert detect_language(text, current) == current


def test_unknown_current_falls_back_to_dutch():
    assert detect_language("ok", "fr") == "nl"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("English please", "en"),
        ("in het Nederlands aub", "nl"),
        ("Engels", "en"),
        ("can we continue in English?", "en"),
        ("kan het in het Engels?", "en"),
        ("Dutch, please", "nl"),
        ("liever in het Vlaams", "nl"),
        ("en anglais svp", "en"),
        ("the Dutch market", None),
        ("Nederlands of Engels?", None),
        ("we exporteren", None),
        ("English speaking customers", None),
    ],
)
def test_language_named(text, lang):
    assert language_named(text) == lang


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Bonjour, nous sommes une petite entreprise de Liège", "fr"),
        ("Wir sind ein kleines Unternehmen aus Eupen und möchten exportieren", "de"),
        ("Somos una pequeña empresa y queremos exportar a Europa", "es"),
        ("we zijn een kleine onderneming uit Gent", None),
        ("we are a small company from Ghent", None),
        ("merci", None),
        ("Liège", None),
    ],
)
def test_other_language(text, lang):
    assert other_language(text) == lang
