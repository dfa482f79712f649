"""Wereldwijs, the library: reading answers, deciding the turn, classifying, advising, wording.

Pure Python, no Rasa import: both the action server (`actions/`) and the Rasa server's plug-ins
(`rasa_plugins/`) build on it. Layers, bottom up: `vocabulary` and `content` (data and its
loader), `reading` (free text to values), `core` (rules and decisions), `wording` (how things are
said).
"""
