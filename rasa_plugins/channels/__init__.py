"""Wereldwijs channel connectors: thin subclasses of Rasa's own Slack and Bot Framework connectors.

Referenced by module path in the generated credentials file (see scripts/credentials.py), e.g.
``rasa_plugins.channels.slack.SlackInput:``. Webhook paths stay Rasa's: /webhooks/slack/webhook and
/webhooks/botframework/webhook.
"""
