"""Actions that answer with one catalogue text: welcome, goodbye, thanks, help, fallback, ..."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.replies import say, start_buttons
from actions.tracker import lang_of, latest_text
from wereldwijs.reading.language import other_language
from wereldwijs.reading.limits import message_problem
from wereldwijs.vocabulary import MAX_MESSAGE_CHARS


class TextAction(Action):
    """Says one catalogue text; subclasses set the action name and the text key."""

    action_name = ""
    key = ""
    with_start_buttons = False

    def name(self) -> str:
        return self.action_name

    def events(self, tracker: Tracker) -> List[EventType]:
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        say(
            dispatcher,
            self.key,
            lang,
            buttons=start_buttons(lang) if self.with_start_buttons else [],
        )
        return self.events(tracker)


class ActionGreet(TextAction):
    action_name, key, with_start_buttons = "action_greet", "greet", True

    def events(self, tracker):
        return [SlotSet("pending_confirmation", "start")]


class ActionGoodbye(TextAction):
    action_name, key = "action_goodbye", "goodbye"


class ActionThank(TextAction):
    action_name, key = "action_thank", "thank"


class ActionHelp(TextAction):
    action_name, key, with_start_buttons = "action_help", "help", True


class ActionBotChallenge(TextAction):
    action_name, key = "action_bot_challenge", "bot_challenge"


class ActionOutOfScope(TextAction):
    action_name, key, with_start_buttons = "action_out_of_scope", "out_of_scope", True


class ActionDontKnow(TextAction):
    action_name, key = "action_dont_know", "dont_know_outside"


class ActionAskWhy(TextAction):
    action_name, key = "action_ask_why", "why_outside"


class ActionSwitchLanguage(TextAction):
    action_name, key = "action_switch_language", "language_switched"


class ActionDefaultFallback(Action):
    """Low NLU confidence, an empty or oversized message, or no rule: say so and ask to
    rephrase, without changing the conversation state."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        lang = lang_of(tracker)
        message = latest_text(tracker)
        problem = message_problem(message)
        if problem:
            say(dispatcher, f"message_{problem}", lang, max_chars=MAX_MESSAGE_CHARS)
        elif other_language(message):
            say(dispatcher, "other_language", lang)
        else:
            buttons = [] if tracker.active_loop.get("name") else start_buttons(lang)
            say(dispatcher, "fallback", lang, buttons=buttons)
        return [UserUtteranceReverted()]
