"""Everything about how things are said: the text catalogue, labels, advice, explanations, reports."""
