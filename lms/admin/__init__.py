"""Running the site: accounts with roles, made by an operator (today from the command line)."""
