"""The jobs that run beside the handlers and what they send: the reminder and broadcast
runtimes, their wording, and the transport that delivers messages to Telegram."""
