"""The portal's side of search: items to documents, the index service, the search pages."""
