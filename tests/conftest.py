"""Test-suite configuration shared by every test module."""

# Fixture projects are copied into temporary directories by the tests that use
# them; their own test files and conftests are not ours to collect.
collect_ignore_glob = ["fixtures/*"]
