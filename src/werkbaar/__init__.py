"""Werkbaar: the Flemish sector-covenant and workable-work platform."""

__version__ = "0.1.0"
