"""The playbook's domain: no MkDocs imports allowed here (a test enforces it)."""
