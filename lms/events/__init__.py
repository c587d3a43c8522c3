"""Workshops and events: registration with a waiting list, reminders, invitations for calendars,
attendance (also by a code shown at the event), attendance badges and feedback."""
