"""Reminders: notices on the portal (with an unread count in the header) and, when mail is set up, email."""
