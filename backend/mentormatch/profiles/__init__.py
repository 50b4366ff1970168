"""Profiles: what participants can teach and want to learn, embedded for matching."""
