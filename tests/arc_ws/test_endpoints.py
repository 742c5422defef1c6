"""Where the calls go: the sandbox locally, `ARC_WSS_URL` on AWS; errors when neither works."""

from __future__ import annotations

import json

import pytest

import arc_ws
from arc_core import ConfigError, ServiceError
from tests.arc_ws.conftest import WsService
from tests.conftest import free_port


def _aws_mode(monkeypatch: pytest.MonkeyPatch, wss_url: str | None) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    if wss_url is not None:
        monkeypatch.setenv("ARC_WSS_URL", wss_url)


def test_locally_the_client_talks_to_the_sandboxs_arc_port(sandbox: WsService) -> None:
    assert arc_ws.api().meta.endpoint_url == f"http://localhost:{sandbox.port}/_arc/ws"


def test_on_aws_the_client_talks_to_arc_wss_url_made_https(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _aws_mode(monkeypatch, "wss://abc123.execute-api.us-east-1.amazonaws.com/staging")

    endpoint = arc_ws.api().meta.endpoint_url

    assert endpoint == "https://abc123.execute-api.us-east-1.amazonaws.com/staging"


def test_the_client_is_made_once_per_process(sandbox: WsService) -> None:
    assert arc_ws.api() is arc_ws.api()


def test_on_aws_calls_reach_the_stage_path_of_arc_wss_url(
    ws_service: WsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    _aws_mode(monkeypatch, f"ws://localhost:{ws_service.port}/staging")
    ws_service.connect("abc")

    arc_ws.send("abc", {"ok": True})
    with pytest.raises(arc_ws.GoneError):
        arc_ws.send("left", "hi")

    assert ws_service.frames["abc"] == [b'{"ok":true}']
    assert ws_service.requests == [
        ("POST", "/staging/@connections/abc"),
        ("POST", "/staging/@connections/left"),
    ]


@pytest.mark.parametrize(
    "call",
    [
        lambda: arc_ws.send("abc", "hi"),
        lambda: arc_ws.close("abc"),
        lambda: arc_ws.info("abc"),
        arc_ws.api,
    ],
)
def test_on_aws_without_arc_wss_url_every_call_says_to_set_it(
    monkeypatch: pytest.MonkeyPatch, call: object
) -> None:
    _aws_mode(monkeypatch, None)

    with pytest.raises(ConfigError, match="ARC_WSS_URL"):
        call()  # type: ignore[operator]


def test_a_stopped_sandbox_is_a_service_error_that_says_to_start_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ports = {"http": free_port(), "_arc": free_port()}
    monkeypatch.setenv("ARC_SANDBOX", json.dumps({"ports": ports, "version": "8.0.0"}))

    with pytest.raises(ServiceError, match="is the sandbox running") as raised:
        arc_ws.send("abc", "hi")

    assert not isinstance(raised.value, arc_ws.GoneError)
    assert f"localhost:{ports['_arc']}" in str(raised.value)


def test_a_sandbox_without_an_arc_port_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_SANDBOX", json.dumps({"ports": {"http": 3333}, "version": "8.0.0"}))

    with pytest.raises(ConfigError, match="_arc"):
        arc_ws.send("abc", "hi")
