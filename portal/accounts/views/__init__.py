"""Account pages: signing in, one's own account, administration."""
