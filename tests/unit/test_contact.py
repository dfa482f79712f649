"""Reading the contact for the advisor, and what a reply to that question means (table tests)."""

from __future__ import annotations

import pytest

from wereldwijs.core import contact

FOUND = [
    ("jan.peeters@chocolade-gent.be", ("email", "jan.peeters@chocolade-gent.be")),
    ("mail me op Jan@Firma.BE aub.", ("email", "jan@firma.be")),
    ("you can reach me at anna+export@example.co.uk.", ("email", "anna+export@example.co.uk")),
    ("bel 09 123 45 67", ("phone", "091234567")),
    ("0470/12.34.56", ("phone", "0470123456")),
    ("+32 (0)9 123 45 67", ("phone", "+3291234567")),
    ("0032 470 12 34 56 na 17u", ("phone", "+32470123456")),
    ("+1 (415) 555-0134", ("phone", "+14155550134")),
    ("2015", None),  # a year is no phone number
    ("we zijn met 40 mensen sinds 1998", None),
    ("1234567890", None),  # no leading 0 nor +: not a number anyone dials
    ("jan@", None),
    ("@firma.be", None),
    ("jan@firma", None),
    ("", None),
    ("<script>alert(1)</script>", None),
]


@pytest.mark.parametrize("message, expected", FOUND)
def test_find_contact(message, expected):
    assert contact.find_contact(message) == expected


REPLIES = [
    # message, yes_no, intent, confidence, tries -> kind, say, tries
    ("jan@firma.be", None, "inform", 0.9, 0, contact.TAKE, "contact_noted", 0),
    ("jan@firma.be", None, "forget_me", 0.9, 2, contact.TAKE, "contact_noted", 0),  # answer first
    ("nee, liever niet", False, "deny", 0.9, 0, contact.NONE, "contact_none", 0),
    ("liever niet", None, "deny", 0.6, 1, contact.NONE, "contact_none", 0),
    ("nee?", None, "deny", 0.3, 0, contact.AGAIN, "contact_invalid", 1),
    ("verwijder mijn gegevens", None, "forget_me", 0.9, 0, contact.REQUEST, None, 0),
    ("opnieuw", None, "restart", 0.3, 0, contact.AGAIN, "contact_invalid", 1),  # not confident
    ("ja", True, "affirm", 0.9, 0, contact.AGAIN, "contact_invalid", 1),  # yes is no address
    ("jan at firma", None, "inform", 0.5, 1, contact.AGAIN, "contact_expected", 2),
    ("weet niet", None, "dont_know", 0.8, 0, contact.NONE, "contact_none", 0),
    ("hmm", None, "out_of_scope", 0.4, 2, contact.GIVE_UP, "contact_gave_up", 3),
]


@pytest.mark.parametrize("message, yes_no, intent, conf, tries, kind, say, after", REPLIES)
def test_contact_reply(message, yes_no, intent, conf, tries, kind, say, after):
    reply = contact.contact_reply(message, yes_no, intent, conf, tries)
    assert (reply.kind, reply.say, reply.tries) == (kind, say, after)


@pytest.mark.parametrize(
    "message, current, expected",
    [
        ("jan.peeters@chocolade-gent.be", "nl", "nl"),  # ".be" is no English word
        ("info@export-bv.nl", "en", "en"),
        ("www.firma.be/contact", "en", "en"),
        ("mijn adres is jan@firma.be", "en", "nl"),
        ("please mail me at jan@firma.be", "nl", "en"),
    ],
)
def test_an_address_alone_keeps_the_language(message, current, expected):
    from wereldwijs.reading.language import detect_language

    assert detect_language(message, current) == expected
