"""The search worker's per-language settings."""
