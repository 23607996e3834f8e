"""Snapshot formats shared by the tests."""

from __future__ import annotations

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class DiffSnapshotExtension(SingleFileSnapshotExtension):
    """Store a snapshot as one ``.diff`` text file, so a reviewer reads it as a diff.

    Use it as ``snapshot.use_extension(DiffSnapshotExtension)``; the file lands in
    ``__snapshots__/<test module>/<test name>.diff`` beside the test.
    """

    file_extension = "diff"
    _write_mode = WriteMode.TEXT
