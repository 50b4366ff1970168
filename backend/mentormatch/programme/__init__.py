"""The programme's settings: one row, its defaults and ranges, read by every domain from here."""
