"""One cog per feature; logic they can share without Discord lives beside them in bot/."""
