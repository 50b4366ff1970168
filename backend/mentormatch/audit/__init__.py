"""The audit log: an append-only record of admin actions and security-relevant events."""
