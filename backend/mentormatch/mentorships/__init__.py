"""Mentorship requests and mentorships: both sides agree, and PostgreSQL enforces the limits."""
