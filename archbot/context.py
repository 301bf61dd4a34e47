"""What every CLI command shares: the settings, loaded once, and a clean way to fail."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import click

from archbot.envcheck import unknown_keys
from archbot.logs import configure_logging
from archbot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("archbot.settings")


@dataclass
class AppContext:
    """Carried on click's context object so commands load settings lazily and only once."""

    env_file: Path | None
    _settings: Settings | None = field(default=None, repr=False)
    # The settings of the running command, so that a failure reported after the command ended
    # can still name the database file and the Discord host.
    current: ClassVar[Settings | None] = None

    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.env_file)
            except SettingsError as exc:
                raise click.ClickException(str(exc)) from None
            secrets = [self._settings.token] if self._settings.token else []
            configure_logging(self._settings.log_level, secrets)
            for unknown in unknown_keys(self.env_file):
                log.warning("%s", unknown.sentence(self.env_file or Path(".env")))
            AppContext.current = self._settings
        return self._settings


pass_app = click.make_pass_decorator(AppContext)
