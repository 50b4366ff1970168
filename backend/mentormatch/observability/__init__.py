"""Monitoring: Prometheus metrics (/metrics), OpenTelemetry traces and the JSON log format."""
