"""Shipped published data (package data of ssb_models)."""
