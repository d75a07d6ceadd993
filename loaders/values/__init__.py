"""The values of a cell: periods, numbers and their markers, territories and the reference geography."""
