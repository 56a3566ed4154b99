"""`pmtui import`: postmortems (Markdown, HTML, Word) read into one block structure, then mapped to a session."""
