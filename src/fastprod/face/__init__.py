"""What people and programs meet.

The command line, its rendering, the JSON output and the Python API.
"""
