"""The bilingual municipal DX playbook.

``dx_playbook.core`` holds the domain (content model, validation, exports) in plain Python that
never imports MkDocs, so the playbook can move to another engine when Material reaches its end of
life. ``dx_playbook.mkdocs_plugins`` holds thin MkDocs adapters over it.
"""

__version__ = "0.1.0"
