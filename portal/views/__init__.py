"""Blueprints: one `bp` per module."""
