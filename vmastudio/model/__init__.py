"""The model layer: a Qt document over the engine's timeline, with undo (QtCore only)."""
