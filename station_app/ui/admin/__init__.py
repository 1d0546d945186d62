"""Screens for the station admin (reference data)."""
