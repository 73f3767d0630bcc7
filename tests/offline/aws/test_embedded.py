"""The embedded AWS of `wrapper dev` and its saved data: damaged data is kept aside and reported, never silently dropped."""

from __future__ import annotations

from pathlib import Path

from wrapper.config import load_config
from wrapper.offline.aws.embedded import EmbeddedAws


def test_damaged_saved_data_is_kept_aside_and_reported(project: Path) -> None:
    state = project / ".wrapper" / "local" / "dev" / "state.json"
    state.parent.mkdir(parents=True)
    state.write_text("{half a file")
    embedded = EmbeddedAws(load_config(project, "dev", env={}))
    embedded.start()
    try:
        assert (state.parent / "state.damaged.json").read_text() == "{half a file", "the user's bytes are kept"
        assert len(embedded.notices) == 1
        assert ".wrapper/local/dev/state.damaged.json" in embedded.notices[0] and "tables start empty" in embedded.notices[0]
    finally:
        embedded.stop(save=False)


def test_readable_saved_data_brings_no_notice(project: Path) -> None:
    embedded = EmbeddedAws(load_config(project, "dev", env={}))
    embedded.start()
    try:
        assert embedded.notices == []
    finally:
        embedded.stop(save=False)
