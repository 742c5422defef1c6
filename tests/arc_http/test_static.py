"""`static`: asset paths, fingerprinted from the hydrated static.json when deployed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import arc
from arc_core import ConfigError
from arc_http import static

MANIFEST = {"foo.png": "foo-1a2b3d.png"}


def write_manifest(root: Path, content: str, where: str = "vendor/shared") -> Path:
    path = root / where / "static.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    return path


@pytest.fixture
def function_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LAMBDA_TASK_ROOT", raising=False)
    return tmp_path


@pytest.fixture
def staging(function_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARC_ENV", "staging")
    return function_dir


def test_it_is_arc_static() -> None:
    assert arc.static is static


def test_locally_paths_are_not_fingerprinted(function_dir: Path) -> None:
    write_manifest(function_dir, json.dumps(MANIFEST))
    assert static("foo.png") == "/_static/foo.png"
    assert static("/foo.png") == "/_static/foo.png"
    assert static("foo.png", stage_path=True) == "/_static/foo.png"


def test_the_root_gives_the_static_folder(staging: Path) -> None:
    assert static("/") == "/_static/"


def test_without_a_manifest_paths_are_not_fingerprinted(staging: Path) -> None:
    assert static("foo.png") == "/_static/foo.png"


def test_with_a_manifest_paths_are_fingerprinted(staging: Path) -> None:
    write_manifest(staging, json.dumps(MANIFEST))
    assert static("foo.png") == "/_static/foo-1a2b3d.png"
    assert static("bar.png") == "/_static/bar.png"


def test_the_node_location_is_read_too(staging: Path) -> None:
    write_manifest(staging, json.dumps(MANIFEST), "node_modules/@architect/shared")
    assert static("foo.png") == "/_static/foo-1a2b3d.png"


def test_the_lambda_task_root_is_where_the_manifest_is_looked_for(
    staging: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path_factory.mktemp("task")
    write_manifest(root, json.dumps(MANIFEST))
    monkeypatch.setenv("LAMBDA_TASK_ROOT", str(root))
    assert static("foo.png") == "/_static/foo-1a2b3d.png"


def test_stage_path_adds_the_stage(staging: Path) -> None:
    write_manifest(staging, json.dumps(MANIFEST))
    assert static("foo.png", stage_path=True) == "/staging/_static/foo-1a2b3d.png"


def test_arc_local_reads_no_manifest(staging: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_manifest(staging, json.dumps(MANIFEST))
    monkeypatch.setenv("ARC_LOCAL", "1")
    assert static("foo.png", stage_path=True) == "/_static/foo.png"


def test_static_prefix_and_folder_settings_are_ignored(
    staging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_STATIC_PREFIX", "elsewhere")
    monkeypatch.setenv("ARC_STATIC_FOLDER", "other")
    assert static("foo.png") == "/_static/foo.png"


def test_a_changed_manifest_is_read_again(staging: Path) -> None:
    path = write_manifest(staging, json.dumps(MANIFEST))
    assert static("foo.png") == "/_static/foo-1a2b3d.png"
    path.write_text(json.dumps({"foo.png": "foo-999999999.png"}))
    os.utime(path, ns=(1, 1))
    assert static("foo.png") == "/_static/foo-999999999.png"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_a_broken_manifest_is_a_config_error(staging: Path, content: str) -> None:
    write_manifest(staging, content)
    with pytest.raises(ConfigError, match="static manifest"):
        static("foo.png")
