"""One QGraphicsItem subclass per module, one module per kind of thing on screen."""
