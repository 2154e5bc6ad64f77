"""Words in each language, and marking text of the other language."""
