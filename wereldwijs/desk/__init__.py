"""The advisor desk: hand-offs kept in the conversations' database, and the web app that shows them."""
