"""Reading pages, and the routes outside the language folders."""
