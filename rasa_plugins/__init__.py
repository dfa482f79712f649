"""What the Rasa server loads besides its own code: NLU components, channels, the tracker store.

Referenced by module path from config.yml, credentials and endpoints.yml. Builds on the
`wereldwijs` library only, never on the action server's package `actions`.
"""
