"""The content model: the schema, front matter, page structure, the site and its edition."""
