"""Custom Rasa NLU components of Wereldwijs (loaded by module path from config.yml)."""
