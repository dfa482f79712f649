"""Server-side extensions of Rasa for Wereldwijs (loaded by the Rasa server, not the action server)."""
