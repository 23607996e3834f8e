"""Planning and applying a sentence's recipes: the engine, undo and verification."""
