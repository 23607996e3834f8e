"""The project as read: its sources, symbols, discovery and readings.

And the Recipe type that plans against it.
"""
