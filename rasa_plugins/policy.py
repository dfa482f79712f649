"""Rasa's RulePolicy, with two defaults replaced so that every message reaches the decision.

- While the intake form is active (and has not rejected the message), every user message goes to
  the form, also one the classifier labels `restart`: Rasa's default rule for that intent would
  otherwise run `action_restart` before the form sees the message, so an answer such as
  "2021, right from the start" could never be an answer.
- While a confirmation waits for a yes or no (slot `pending_confirmation`, which does not
  influence Rasa's policies), every user message goes to `action_resolve_confirmation`, in the
  intake or not, whatever its intent: a yes, a no, an answer to the open question, a request.

What a message means is decided in `wereldwijs/core/conversation.py`; this only routes it there.
Everything else is RulePolicy's, trained on data/rules.yml as before.
"""

from __future__ import annotations

from typing import Optional, Text, Tuple

from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

RESOLVE = "action_resolve_confirmation"
PENDING_SLOT = "pending_confirmation"
SOURCE = "wereldwijs: "


def route(tracker: DialogueStateTracker) -> Optional[str]:
    """The action every user message goes to, if one of the two replaced defaults applies."""
    if tracker.latest_action_name != ACTION_LISTEN_NAME or not tracker.latest_message:
        return None
    if tracker.latest_message.intent.get("name") is None:
        return None
    pending = tracker.slots.get(PENDING_SLOT)
    if pending is not None and pending.value:
        return RESOLVE
    if tracker.active_loop_name and not tracker.is_active_loop_rejected:
        return tracker.active_loop_name
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class AnswersFirstPolicy(RulePolicy):
    def _predict(
        self, tracker: DialogueStateTracker, domain: Domain
    ) -> Tuple[PolicyPrediction, Optional[Text]]:
        action = route(tracker)
        if action is None:
            return super()._predict(tracker, domain)
        source = SOURCE + (
            "reply to a confirmation" if action == RESOLVE else "answer to " + action
        )
        prediction = self._rule_prediction(
            self._prediction_result(action, tracker, domain),
            source,
            is_no_user_prediction=action != RESOLVE,
        )
        return prediction, source
