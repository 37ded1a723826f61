"""The editorial workspace: content status for editors."""
