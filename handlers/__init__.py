"""Telegram handlers: thin callbacks that parse an update, call content or scheduler, reply."""
