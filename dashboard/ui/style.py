"""Style shared by every page: texts that carry information keep a contrast readable from the back of a room."""

READABLE = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #3d3f4a !important; opacity: 1 !important; font-size: 0.95rem; }
[data-testid="stMetricLabel"] p, [data-testid="stWidgetLabel"] p { color: #262730 !important; }
</style>
"""
