"""The one-page handouts and the print-all page."""
