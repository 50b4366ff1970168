"""PostgreSQL access: engine and sessions, the embedded server, models' base and migrations."""
