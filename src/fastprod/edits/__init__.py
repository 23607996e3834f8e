"""The edit toolkit: "make sure it is present" changes to a project's code and files."""
