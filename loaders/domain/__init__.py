"""What the data means, declared once: sources, indicators, breakdowns, headline series, columns."""
