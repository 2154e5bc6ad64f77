"""The glossary: one data file, shown as tooltips and as the glossary pages."""
