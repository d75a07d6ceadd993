"""Presentation mode for plenary meetings: no chrome, large type, previous/next territory."""

from __future__ import annotations

MODE = "mode"
PRESENTATION = "presentation"

STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container { padding-top: 1.5rem; max-width: 100% !important; }
h1 { font-size: 3.4rem !important; }
h2, h3 { font-size: 2.2rem !important; }
[data-testid="stMarkdownContainer"] li, [data-testid="stMarkdownContainer"] p { font-size: 1.7rem !important;
  line-height: 1.45; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 4rem !important;
  line-height: 1.1; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { font-size: 1.5rem !important; }
[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p { font-size: 1.3rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.3rem !important; }
</style>
"""

# Left and right arrow keys press the « Précédent » / « Suivant » buttons of the page. The script runs in the page
# itself at every rerun (st.html); each run replaces the previous listener, so that exactly one is active.
KEYS = """
<script>
(() => {
  const host = window.parent;
  if (host.clefopPress) host.document.removeEventListener("keydown", host.clefopPress);
  host.clefopPress = (event) => {
    const label = {ArrowLeft: "Précédent", ArrowRight: "Suivant"}[event.key];
    if (!label) return;
    const button = [...host.document.querySelectorAll("button")].find((b) => b.innerText.includes(label));
    if (button) button.click();
  };
  host.document.addEventListener("keydown", host.clefopPress);
  host.document.clefopKeys = true;
})();
</script>
"""


def neighbour(codes: list[str], current: str | None, step: int) -> str:
    """Return the territory before (step −1) or after (step +1) the current one, wrapping around."""
    if not codes:
        raise ValueError("aucun territoire")
    if current not in codes:
        return codes[0] if step > 0 else codes[-1]
    return codes[(codes.index(current) + step) % len(codes)]


def leave(params: dict[str, str]) -> dict[str, str]:
    """Return the query parameters of the same view outside presentation mode."""
    return {k: v for k, v in params.items() if k != MODE}
