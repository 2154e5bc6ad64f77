"""What contributors meet: validation, reserved names, refused files, scaffolds."""
