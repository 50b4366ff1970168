"""Moderation: admins suspend, hide and remove; participants report; admins resolve reports."""
