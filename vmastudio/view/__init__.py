"""The view layer: scene items, layout, panels and themes; it draws the engine's trace."""
