"""``vmastudio.resources`` reads a folder package with plain file reads and anything else
through ``importlib.resources``: both ways give the same bytes, texts and listings."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys

import pytest

from vmastudio import resources


@pytest.mark.parametrize(
    "parts",
    [("examples", "demo.vmas"), ("texts", "steps.json"), ("icons", "vmastudio.svg")],
)
def test_a_resource_reads_as_importlib_resources_reads_it(parts: tuple[str, ...]) -> None:
    node = importlib.resources.files("vmastudio._resources").joinpath(*parts)
    assert resources.read_bytes(*parts) == node.read_bytes()
    assert resources.read_text(*parts) == node.read_text(encoding="utf-8")
    assert resources.path(*parts).read_bytes() == node.read_bytes()


def test_a_folder_lists_the_names_importlib_resources_lists() -> None:
    for folder in ("examples", "lectures", "pseudocode"):
        node = importlib.resources.files("vmastudio._resources").joinpath(folder)
        assert resources.names(folder) == sorted(p.name for p in node.iterdir())
        assert resources.names(folder)  # the wheel ships every one of these folders


def test_without_a_folder_every_read_goes_through_importlib_resources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As for a package that is not a folder on disk (a zip): the fallback path.
    fast = (
        resources.read_bytes("examples", "demo.vmas"),
        resources.read_text("examples", "demo.vmas"),
        resources.names("examples"),
    )
    monkeypatch.setattr(resources, "_folder", lambda: None)
    slow = (
        resources.read_bytes("examples", "demo.vmas"),
        resources.read_text("examples", "demo.vmas"),
        resources.names("examples"),
    )
    assert slow == fast
    with pytest.raises(resources.ResourceError, match=r"examples/nothing\.vmas"):
        resources.read_text("examples", "nothing.vmas")


def test_a_missing_resource_is_named_either_way() -> None:
    with pytest.raises(resources.ResourceError, match=r"texts/nothing\.json"):
        resources.read_bytes("texts", "nothing.json")
    with pytest.raises(resources.ResourceError, match=r"texts/nothing\.json"):
        resources.read_text("texts", "nothing.json")
    with pytest.raises(resources.ResourceError, match="no-such-folder"):
        resources.names("no-such-folder")


def test_reading_the_demo_imports_neither_importlib_resources_nor_json() -> None:
    # ~5 ms of a window's start-up went to importing importlib.resources and asking it
    # for the first file; the folder package reads without it.
    code = (
        "import sys\n"
        "from vmastudio import resources\n"
        "resources.read_text('examples', 'demo.vmas')\n"
        "resources.names('examples')\n"
        "print('importlib.resources' in sys.modules, 'json' in sys.modules)\n"
        "resources.read_json('texts', 'steps.json')\n"
        "print('json' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "False", "True"]
