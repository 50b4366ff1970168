"""Email: the outbox written in each event's transaction, people's delivery choices, and the sender."""
