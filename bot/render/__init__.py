"""Embeds and pictures: how the bot's answers look."""
