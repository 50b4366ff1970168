"""Cohort matching: an optimal assignment of many mentees to mentors at once, reviewed and published."""
