"""Dockable panels: code, variables, explanation, steps, inspector, legend."""
