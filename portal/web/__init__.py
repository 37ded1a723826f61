"""What every page shares: headers, sessions, errors, languages, templating, page cache, limits, logs."""
