"""Thin MkDocs adapters over :mod:`dx_playbook.core`."""
