"""Pure-Python core of Wereldwijs: parsing, classification, advice. No Rasa imports here."""
