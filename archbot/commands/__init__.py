"""Subcommands of `archbot`, grouped by the part of the system they drive."""
