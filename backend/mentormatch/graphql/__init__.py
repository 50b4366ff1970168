"""The GraphQL API: one schema merged from the domains' `api.py` modules."""
