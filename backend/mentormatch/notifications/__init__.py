"""In-app notifications: one row per event a participant should hear about, announced with NOTIFY."""
