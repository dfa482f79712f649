"""What the Rasa server loads besides its own code: NLU components, channels, the tracker store.

Referenced by module path from config.yml, credentials and endpoints.yml. Builds on the
`wereldwijs` library only, never on the action server's package `actions`.

Every `rasa run` imports this package (the model's components live here), so this is where the
server's speed-ups are installed (rasa_plugins/speedups.py; WERELDWIJS_SPEEDUPS=0 turns them off).
"""

from rasa_plugins import speedups

speedups.install()
