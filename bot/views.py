"""The one kind of view the bot sends: components whose custom ids carry their own state.

Every button and menu is a DynamicItem registered at start-up, so discord.py need not keep the
view in memory. Left to itself it would store each ephemeral view and run a 15-minute timeout
task for it: at 200 commands a second that is 180,000 live tasks and views, and the garbage
collector and timer heap slow every interaction. Reporting the view as finished keeps it out
of the store; clicks still arrive through the registered dynamic items, also after a restart.
"""

from __future__ import annotations

from typing import Any

import discord


class StaticView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_finished(self) -> bool:
        return True

    def add_item(self, item: discord.ui.Item[Any]) -> StaticView:
        if not isinstance(item, discord.ui.DynamicItem) and item.is_dispatchable():
            raise TypeError(
                f"{type(item).__name__} would never be dispatched from a StaticView; "
                "make it a DynamicItem registered with the bot"
            )
        super().add_item(item)
        return self
