"""Proctor: an offline exam hall on a LAN."""

__version__ = "0.1.0"
