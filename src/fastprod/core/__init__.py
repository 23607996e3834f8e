"""What every layer stands on.

Errors, file changes, the file system and git, resources, specs, the intents
and their registry.
"""
