"""Counselling appointments: booking, moving and cancelling online, the staff schedule and an appointment's steps."""
