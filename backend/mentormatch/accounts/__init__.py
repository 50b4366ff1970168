"""Accounts: self-service sign-up, sign-in, sessions and roles."""
