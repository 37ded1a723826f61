"""Learning pages: my learning, supervision, certificate verification."""
