"""The vocabulary and the files: namespaces, names, formats, parsing, safe spreadsheets (no store)."""
