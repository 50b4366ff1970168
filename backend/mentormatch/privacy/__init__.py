"""Participants' own data: exporting it, and erasing it for good."""
