"""A person's data: finding everything held about them, exporting it, erasing it; the retention rule."""
