"""Qt rendering of the reports: PDF pages with QPdfWriter and QPainter."""
