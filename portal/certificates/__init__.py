"""Certificates of completed classes: gapless numbers per unit and year, revoking, reissuing, public verification."""
