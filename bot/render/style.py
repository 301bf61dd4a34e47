"""Shared look: colours and the truncation every field needs to stay inside Discord's limits."""

from __future__ import annotations

BRAND = 0x3B82F6
MUTED_COLOUR = 0x6B7280
WARNING_COLOUR = 0xF59E0B
SUCCESS_COLOUR = 0x22C55E


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
