"""Microsoft Teams (Bot Framework) through the real Rasa server, with loopback stand-ins for Microsoft.

Stand-ins: the token endpoint, the OpenID configuration + JWKS (an RSA key made here), and the
Bot Connector service (serviceUrl) that receives the replies. The OpenID stand-in only starts after
the Rasa server: start-up must survive missing keys and fetch them lazily.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.integration.loopback_standins import StandIn, channel_credentials
from tests.integration.servers import RestClient, free_port

APP_ID = "00000000-aaaa-bbbb-cccc-000000000001"
APP_PASSWORD = "test-app-password"
ISSUER = "https://api.botframework.com"
KID = "test-key-1"
ACCESS_TOKEN = "bf-access-token-for-tests"
TOKEN_PATH = "/oauth/botframework.com/oauth2/v2.0/token"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY = new_key()


def jwk(key, kid=KID) -> dict:
    return {
        **json.loads(RSAAlgorithm.to_jwk(key.public_key())),
        "kid": kid,
        "use": "sig",
        "alg": "RS256",
    }


@pytest.fixture(scope="module")
def microsoft():
    """Token endpoint and Bot Connector service; replies land on /service/v3/..."""
    stand_in = StandIn(
        {
            TOKEN_PATH: lambda rec: (
                200,
                {"token_type": "Bearer", "expires_in": 3600, "access_token": ACCESS_TOKEN},
            )
        }
    )
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def teams(rasa_server_factory, microsoft):
    """(server, identity stand-in): the server starts while the OpenID endpoint is still down."""
    idp_port = free_port()
    env = {
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": APP_PASSWORD,
        "BOTFRAMEWORK_OAUTH_URL": f"{microsoft.url}/oauth",
        "BOTFRAMEWORK_OPENID_URL": f"http://127.0.0.1:{idp_port}/openid",
    }
    credentials = channel_credentials(env)
    assert APP_PASSWORD not in json.dumps(credentials)
    server = rasa_server_factory(credentials=credentials, env=env)
    assert "signing keys not available" in server.log()
    idp = StandIn(
        {
            "/openid": lambda rec: (
                200,
                {"issuer": ISSUER, "jwks_uri": f"http://127.0.0.1:{idp_port}/keys"},
            ),
            "/keys": lambda rec: (200, {"keys": [jwk(KEY)]}),
        },
        port=idp_port,
    )
    yield server, idp
    idp.close()


def token(key=KEY, kid=KID, **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": APP_ID, "nbf": now - 10, "exp": now + 600, **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


def activity(service_url, user, conversation, text) -> dict:
    return {
        "type": "message",
        "id": f"act-{time.time()}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": user, "name": "Test User"},
        "conversation": {"id": conversation},
        "recipient": {"id": f"28:{APP_ID}", "name": "Wereldwijs"},
        "text": text,
        "locale": "nl-BE",
    }


def post(server, body: dict, bearer: str):
    request = urllib.request.Request(
        f"{server.url}/webhooks/botframework/webhook",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def replies_path(conversation):
    return f"/service/v3/conversations/{conversation}/activities"


def wait_replies(microsoft, conversation, count=1):
    microsoft.routes.setdefault(replies_path(conversation), lambda rec: (200, {"id": "r1"}))
    microsoft.wait_for(lambda got: len(got) >= count, replies_path(conversation), 90)
    time.sleep(1.0)
    return microsoft.received(replies_path(conversation))


def user_texts(server, sender):
    return [
        e.get("text")
        for e in RestClient(server, sender).tracker()["events"]
        if e["event"] == "user"
    ]


def test_message_is_answered_at_the_service_url(teams, microsoft):
    server, idp = teams
    conversation = "a:conv-welcome"
    microsoft.routes[replies_path(conversation)] = lambda rec: (200, {"id": "r1"})
    service = f"{microsoft.url}/service"
    body = activity(service, "29:user-anna", conversation, "hallo")
    deadline = time.time() + 30  # keys are fetched again at most every 5 s while none are known
    while (
        status := post(server, body, token(serviceurl=service))
    ) == 503 and time.time() < deadline:
        time.sleep(1)
    assert status == 200

    replies = wait_replies(microsoft, conversation)
    assert idp.received("/keys"), "keys fetched lazily after a failed start-up fetch"
    assert all(r.headers["authorization"] == f"Bearer {ACCESS_TOKEN}" for r in replies)
    (token_request,) = microsoft.received(TOKEN_PATH)[:1]
    assert token_request.json["client_id"] == APP_ID
    assert token_request.json["client_secret"] == APP_PASSWORD
    acts = [r.json for r in replies]
    assert all(
        a["type"] == "message"
        and a["recipient"]["id"] == "29:user-anna"
        and a["from"]["id"] == f"28:{APP_ID}"
        for a in acts
    )

    bots = [
        e for e in RestClient(server, "29:user-anna").tracker()["events"] if e["event"] == "bot"
    ]
    texts = [a["text"] for a in acts if a.get("text")]
    cards = [a["attachments"][0]["content"] for a in acts if a.get("attachments")]
    for bot in bots:
        if bot.get("data", {}).get("buttons"):
            card = next(c for c in cards if c["text"] == bot["text"])
            assert [b["text"] for b in card["buttons"]] == [
                b["payload"] for b in bot["data"]["buttons"]
            ]
            assert all(b["type"] == "messageBack" for b in card["buttons"])
        elif bot.get("text"):
            assert bot["text"].strip().split("\n\n")[0] in texts


@pytest.mark.parametrize(
    "case", ["other_key", "expired", "audience", "issuer", "service_url", "hs256", "garbage"]
)
def test_bad_tokens_are_refused(teams, microsoft, case):
    server, _ = teams
    service = f"{microsoft.url}/service"
    bad = {
        "other_key": lambda: token(key=new_key()),
        "expired": lambda: token(exp=int(time.time()) - 60),
        "audience": lambda: token(aud="someone-else"),
        "issuer": lambda: token(iss="https://evil.example"),
        "service_url": lambda: token(serviceurl="https://evil.example/"),
        "hs256": lambda: jwt.encode(
            {"aud": APP_ID, "iss": ISSUER, "exp": int(time.time()) + 600},
            "s" * 32,
            algorithm="HS256",
            headers={"kid": KID},
        ),
        "garbage": lambda: "not-a-jwt",
    }[case]()
    user = f"29:mallory-{case}"
    assert post(server, activity(service, user, f"a:conv-{case}", "hallo"), bad) == 401
    assert user_texts(server, user) == []


def test_missing_authorization_is_refused(teams, microsoft):
    server, _ = teams
    request = urllib.request.Request(
        f"{server.url}/webhooks/botframework/webhook",
        method="POST",
        data=json.dumps(activity(microsoft.url, "29:nobody", "a:c", "hallo")).encode(),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401
