"""Sociale Staat: de sociale staat van een gemeente, reproduceerbaar en herleidbaar."""

__version__ = "0.1.0"
