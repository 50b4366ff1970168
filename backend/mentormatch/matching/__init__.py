"""Matching: semantic mentor search and explainable recommendations."""
