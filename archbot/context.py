"""What every CLI command shares: the settings, loaded once, and a clean way to fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from archbot.logs import configure_logging
from archbot.settings import Settings, SettingsError, load_settings


@dataclass
class AppContext:
    """Carried on click's context object so commands load settings lazily and only once."""

    env_file: Path | None
    _settings: Settings | None = field(default=None, repr=False)

    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.env_file)
            except SettingsError as exc:
                raise click.ClickException(str(exc)) from None
            secrets = [self._settings.token] if self._settings.token else []
            configure_logging(self._settings.log_level, secrets)
        return self._settings


pass_app = click.make_pass_decorator(AppContext)
