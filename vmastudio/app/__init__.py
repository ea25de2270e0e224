"""The application layer: main window, actions, dialogs, export and the command line."""
