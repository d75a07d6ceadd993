"""Finding the tables of a sheet and reading their cells: long and crossed layouts, headers, context."""
