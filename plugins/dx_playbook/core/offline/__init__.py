"""The offline bundle: one zip that loads nothing from outside."""
