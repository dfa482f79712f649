"""benchmarks/load.py against a stub Rasa server on loopback (a form asking three slots)."""

import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks import load  # noqa: E402
from wereldwijs.vocabulary import PROFILE_SLOTS  # noqa: E402

ORDER = ["sector", "employees", "home_region"]
TOKEN = "s3cret"


class StubRasa(BaseHTTPRequestHandler):
    state = {}  # sender -> {"slot": index, "done": bool, "messages": [...]}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def _reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if urlparse(self.path).path == "/model/parse":
            return self._reply(200, {"text": body["text"], "intent": {"name": "inform"}})
        with self.lock:
            st = self.state.setdefault(body["sender"], {"slot": -1, "done": False, "messages": []})
            st["messages"].append(body["message"])
            slot = ORDER[st["slot"]] if 0 <= st["slot"] < len(ORDER) else None
            # employees needs a digit unless the user does not know
            if slot == "employees" and not re.search(r"\d|idea", body["message"]):
                return self._reply(200, [{"text": "how many people?"}])
            if not st["done"]:
                st["slot"] += 1
                st["done"] = st["slot"] >= len(ORDER)
        self._reply(200, [{"recipient_id": body["sender"], "text": "ok"}])

    def do_GET(self):
        url = urlparse(self.path)
        if parse_qs(url.query).get("token") != [TOKEN]:
            return self._reply(401, {"error": "unauthorised"})
        sender = unquote(url.path.split("/")[2])
        st = self.state[sender]
        # like the real bot, the classification fills recommended_orgs before the advice
        slots = {
            "requested_slot": None if st["done"] else ORDER[st["slot"]],
            "recommended_orgs": ["fit"] if st["slot"] >= 1 else None,
        }
        events = [{"event": "action", "name": "action_give_advice"}] if st["done"] else []
        self._reply(200, {"sender_id": sender, "slots": slots, "events": events})


@pytest.fixture()
def stub_url():
    StubRasa.state = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def persona():
    return load.Persona(
        id="p",
        language="en",
        opening="hello",
        otherwise="no idea",
        no_question="yes",
        after_advice=["thanks"],
        answers={"sector": "bakery", "employees": "a few"},
    )


def test_conversation_counts_turns_to_advice_and_reprompts(stub_url):
    client = load.Client(stub_url, TOKEN)
    res = load.run_conversation(client, persona(), "s1", max_turns=20, deadline=1e18)
    assert res.error is None
    # hello, bakery, "a few" (rejected), "a few" (rejected), "no idea", "no idea" -> advice
    assert res.turns_to_advice == 6
    assert StubRasa.state["s1"]["messages"] == [
        "hello",
        "bakery",
        "a few",
        "a few",
        "no idea",
        "no idea",
        "thanks",
    ]
    assert len(res.latencies) == 7
    assert res.repeated_slots == ["employees"]
    assert res.unanswered_slots == ["home_region"]


def test_wrong_token_is_an_error_not_a_crash(stub_url):
    res = load.run_conversation(load.Client(stub_url, "wrong"), persona(), "s2", 20, 1e18)
    assert res.error and "401" in res.error and res.turns_to_advice is None


def test_level_runs_unique_senders_concurrently(stub_url):
    lv = load.run_level(
        load.Client(stub_url, TOKEN),
        [persona()],
        concurrency=4,
        conversations=8,
        max_turns=20,
        level_timeout=60,
        run_id="t",
    )
    assert len(StubRasa.state) == 8
    assert lv["turns"] == 8 * 7 and lv["advice_reached"] == 8
    assert lv["turns_to_first_advice"]["median"] == 6
    assert lv["latency_ms"]["p50"] <= lv["latency_ms"]["p95"] <= lv["latency_ms"]["p99"]
    assert lv["errors"] == []


def test_a_level_given_twice_starts_new_conversations(stub_url):
    args = load.parser().parse_args(
        ["-c", "2", "2", "--conversations", "2", "--max-turns", "20", "--parses", "4"]
    )
    mode = load.run_mode(load.Client(stub_url, TOKEN), [persona()], args, "r")
    first, second = mode["levels"]
    assert len(StubRasa.state) == 1 + 4  # the first reply after ready, then 2 + 2 conversations
    for level in (first, second):
        assert level["advice_reached"] == 2 and level["turns"] == 2 * 7
        assert level["bare_parse"]["parses"] == 4


def test_max_turns_bounds_a_conversation_without_advice(stub_url):
    res = load.run_conversation(load.Client(stub_url, TOKEN), persona(), "s3", 3, 1e18)
    assert res.turns_to_advice is None and res.error == "max_turns"
    assert len(StubRasa.state["s3"]["messages"]) == 3


def test_refuses_non_loopback_targets():
    with pytest.raises(ValueError):
        load.Client("http://example.com:5005", TOKEN)


def test_percentile_interpolates():
    assert load.percentile([1, 2, 3, 4], 50) == 2.5
    assert load.percentile([5], 99) == 5
    assert load.percentile([], 50) is None


def test_next_message_gives_up_after_two_rejections():
    p = persona()
    assert load.next_message(p, "employees", ["sector"]) == "a few"
    assert load.next_message(p, "employees", ["employees", "employees"]) == "no idea"
    assert load.next_message(p, None, []) == "yes"


def test_personas_answer_contract_slots_in_both_languages():
    personas = load.load_personas()
    assert len(personas) >= 6
    assert sum(p.language == "nl" for p in personas) >= 3
    assert sum(p.language == "en" for p in personas) >= 3
    for p in personas:
        assert set(p.answers) <= set(PROFILE_SLOTS), p.id
        assert p.opening and p.otherwise and p.no_question


def tracker_with(*turns):
    events = []
    for user, bots in turns:
        events.append({"event": "user", "text": user})
        events += [{"event": "bot", "text": b} for b in bots]
        events.append({"event": "action", "name": "action_listen"})
    return {"events": events}


def result_with(*sent):
    res = load.ConversationResult("p", "s")
    res.transcript = [{"user": u, "bot": list(b)} for u, b in sent]
    return res


def test_replies_returned_as_stored_are_neither_lost_nor_duplicated():
    res = result_with(("hi", ["hello", "how many?"]), ("40", ["ok"]))
    load.check_replies(res, tracker_with(("hi", ["hello", "how many?"]), ("40", ["ok"])))
    assert (res.lost_replies, res.duplicated_replies) == (0, 0)


def test_a_reply_stored_but_not_returned_is_lost_and_one_returned_twice_duplicated():
    res = result_with(("hi", ["hello"]), ("40", ["ok", "ok"]))
    load.check_replies(res, tracker_with(("hi", ["hello", "how many?"]), ("40", ["ok"])))
    assert (res.lost_replies, res.duplicated_replies) == (1, 1)


def test_a_stored_text_of_several_paragraphs_is_sent_as_several_messages():
    res = result_with(("report", ["Summary", "Profile: ...", "More?"]))
    load.check_replies(res, tracker_with(("report", ["Summary\n\nProfile: ...", "More?"])))
    assert (res.lost_replies, res.duplicated_replies) == (0, 0)


def test_a_message_never_stored_loses_its_replies():
    res = result_with(("hi", ["hello"]), ("40", ["ok"]))
    load.check_replies(res, tracker_with(("hi", ["hello"])))
    assert res.lost_replies == 1


def test_slots_are_compared_with_the_persona_run_alone():
    level = {
        "_conversations": [
            {"persona": "a", "sender": "s1", "final_slots": {"employees": 40, "language": "nl"}},
            {"persona": "a", "sender": "s2", "final_slots": {"employees": 4, "language": "nl"}},
            {"persona": "b", "sender": "s3", "final_slots": {"x": 1}},
        ]
    }
    alone = {"a": {"employees": 40, "language": "nl"}}
    assert load.slot_differences(level, alone) == ["s2: employees"]


def test_a_burst_start_sends_every_first_message_at_once():
    import random

    assert {load.pause_before(1, (3.0, 10.0), random.Random(s), burst=True) for s in range(50)} == {
        0.0
    }
    assert load.pause_before(2, (3.0, 10.0), random.Random(1), burst=True) >= 3.0


@pytest.mark.parametrize(
    "turn, think, lo, hi",
    [
        (1, None, 0.0, 0.0),  # back-to-back: never a pause
        (7, None, 0.0, 0.0),
        (1, (3.0, 10.0), 0.0, 10.0),  # arrivals spread over one think interval
        (2, (3.0, 10.0), 3.0, 10.0),  # then the think time itself
        (15, (3.0, 10.0), 3.0, 10.0),
    ],
)
def test_pause_before_a_message(turn, think, lo, hi):
    import random

    pauses = [load.pause_before(turn, think, random.Random(seed)) for seed in range(200)]
    assert all(lo <= p <= hi for p in pauses)
    if think:  # spread, not one value: the first messages do not all arrive at once
        assert max(pauses) - min(pauses) > (hi - lo) / 2


@pytest.mark.parametrize(
    "concurrency, think, name", [(20, None, "20"), (1, None, "1"), (100, (3.0, 10.0), "t100")]
)
def test_levels_are_named_as_on_the_command_line(concurrency, think, name):
    assert load.level_name(concurrency, think) == name


def test_first_replies_are_each_conversations_first_turn():
    level = {"_conversations": [{"latencies": [0.3, 0.1]}, {"latencies": []}, {"latencies": [0.2]}]}
    assert load.first_turns(level) == [0.3, 0.2]


def test_a_mode_reports_the_first_reply_against_first_replies_alone(stub_url):
    args = load.parser().parse_args(
        ["-c", "1", "--conversations", "2", "--parses", "4", "--max-turns", "10"]
    )
    mode = load.run_mode(load.Client(stub_url, TOKEN), load.load_personas()[:2], args, "m1")
    (level,) = mode["levels"]
    firsts = sorted(c["latencies"][0] for c in level["_conversations"])
    assert mode["median_first_reply_alone_ms"] == round(1000 * load.percentile(firsts, 50), 1)
    assert mode["first_reply_after_ready_ms"] > 0 and "cpu_ms_per_turn" not in level
