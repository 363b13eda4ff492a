"""Units (one Puspaga each): their settings, logo and signature."""
