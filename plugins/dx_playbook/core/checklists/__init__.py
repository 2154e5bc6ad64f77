"""Checklist items as controls, the browser's data, and the generated views."""
