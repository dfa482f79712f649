from wereldwijs.reading.limits import MAX_MESSAGE_CHARS, message_problem


def test_empty_and_markup_only_messages():
    assert message_problem("") == "empty"
    assert message_problem("   \n ") == "empty"
    assert message_problem("<script>alert(1)</script>") == "empty"


def test_oversized_message():
    assert message_problem("a" * (MAX_MESSAGE_CHARS + 1)) == "too_long"
    assert message_problem("a " * (MAX_MESSAGE_CHARS // 2)) is None


def test_ordinary_messages_pass():
    for text in ("ja", "45", "ok", "we zitten in Zele", "<b>40</b> people"):
        assert message_problem(text) is None
