"""Free text to values: pure functions of a string (numbers, places, language, answers, facts)."""
