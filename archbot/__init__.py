"""The composition root: settings, the `archbot` CLI and the wiring of the components."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ai-architect-bot")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
