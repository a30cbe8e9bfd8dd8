"""Reminder planning and delivery scheduling (no Telegram imports)."""
