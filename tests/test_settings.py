"""Every setting is declared once and documented in the README."""

from pathlib import Path

import pytest

from sociale_staat.core import paths, settings


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Instellingen", 1)[1].split("\n## ", 1)[0]
    for setting in settings.SETTINGS:
        assert f"`{setting.env}`" in section, setting.env
        assert setting.help, setting.name


def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOCIALE_STAAT_FOCUS", "GM0363")
    assert settings.get("default_focus") == "GM0363"
    monkeypatch.setenv("SOCIALE_STAAT_HOME", str(tmp_path))
    assert paths.home() == tmp_path
    assert paths.app_db_url() == f"sqlite:///{tmp_path / 'app.sqlite'}"
