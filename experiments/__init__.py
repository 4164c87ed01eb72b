"""Predefined experiments (TOML), installed as ``ssb_models.experiments_data``."""
