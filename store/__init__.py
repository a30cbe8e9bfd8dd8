"""Everything the bot keeps: users, subscriptions, the reminder ledger, broadcasts and
their deliveries, chat edits, roles, the question journal. Nothing here knows Telegram."""
