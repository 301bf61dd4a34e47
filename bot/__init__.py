"""The Discord face of the project: client, cogs, views and rendering."""
