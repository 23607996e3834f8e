"""The version of fastprod, read by every layer that reports it."""

__version__ = "0.1.0"
