"""People who sign in: accounts, passwords, sign-in, one-time links, the audit log, mail."""
