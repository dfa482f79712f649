"""The action server (`rasa run actions`): rasa-sdk adapters only.

Each adapter reads the tracker into plain values, calls the `wereldwijs` library, and turns its
result into events and messages.
"""
