"""Measure the two PDF candidates on the same two-page report with a chart (issue 14).

    .venv/bin/python benchmarks/report_library.py   -> benchmarks/results/report_library.md

WeasyPrint renders the report's HTML (the same template the web page uses); fpdf2 draws the same
content with its own calls. Measured: render time (median of 5), file size, whether pypdf gets the
text back with Dutch characters, and the installed size of each library's own packages.
fpdf2 is not a project dependency: `pip install fpdf2==2.8.9` before running this again.
"""

from __future__ import annotations

import io
import statistics
import time
from importlib import metadata
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from pypdf import PdfReader  # noqa: E402

OUT = Path(__file__).parent / "results" / "report_library.md"
DUTCH = "Één exportplan: België, Curaçao, coöperatie, ruïne, € 1.250"
PARAGRAPH = (
    "Uw onderneming exporteert naar twaalf landen. Bedrijven met een nicheproduct beginnen "
    "gemiddeld na 3,9 jaar te exporteren (survey report, Figure 24). "
) * 6
RUNS = 5


def chart(fmt: str) -> bytes:
    fig, ax = plt.subplots(figsize=(5, 2.4))
    ax.bar(["Uw bedrijf", "Niche", "Massa"], [5, 3.9, 9.7], color=["#1f6f8b", "#99a8b2", "#99a8b2"])
    ax.set_ylabel("jaren")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def html_report(svg: str) -> str:
    sections = "".join(f"<h2>Sectie {i}</h2><p>{PARAGRAPH}</p>" for i in range(1, 7))
    return (
        "<html><head><meta charset='utf-8'><style>body{font-family:sans-serif;font-size:11pt}"
        "</style></head><body>"
        f"<h1>Rapport</h1><p>{DUTCH}</p>{svg}{sections}</body></html>"
    )


def weasy() -> bytes:
    from weasyprint import HTML

    return HTML(string=html_report(chart("svg").decode())).write_pdf()


def fpdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "Rapport\n" + DUTCH, new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(chart("svg")), w=120)
    for i in range(1, 7):
        pdf.multi_cell(0, 6, f"Sectie {i}\n{PARAGRAPH}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def install_size(dists) -> int:
    total = 0
    for name in dists:
        for f in metadata.distribution(name).files or []:
            p = Path(f.locate())
            if p.is_file():
                total += p.stat().st_size
    return total


def measure(render, dists):
    render()  # warm-up: imports and font loading
    times, data = [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        data = render()
        times.append(time.perf_counter() - start)
    reader = PdfReader(io.BytesIO(data))
    extracted = "".join(page.extract_text() for page in reader.pages)
    return {
        "render_ms": statistics.median(times) * 1000,
        "kb": len(data) / 1024,
        "pages": len(reader.pages),
        "dutch": DUTCH in extracted,
        "text": "Figure 24" in extracted,
        "install_mb": install_size(dists) / 1e6,
        "versions": ", ".join(f"{d} {metadata.version(d)}" for d in dists),
    }


def main() -> None:
    rows = {
        "WeasyPrint": measure(
            weasy,
            ["weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "fonttools"],
        ),
        "fpdf2": measure(fpdf, ["fpdf2", "fonttools", "defusedxml"]),
    }
    lines = [
        "# PDF library for the firm's report (issue 14)",
        "",
        "Same content: a title, a Dutch line with diacritics, an SVG bar chart (matplotlib 3.5.3), "
        "six paragraphs (two pages). Median of 5 renders after a warm-up, on this 2-core machine.",
        "",
        "| library | render (ms) | size (KB) | pages | pypdf gets the text | Dutch characters intact | install (MB) | versions |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['render_ms']:.0f} | {r['kb']:.0f} | {r['pages']} | {r['text']} | "
            f"{r['dutch']} | {r['install_mb']:.1f} | {r['versions']} |"
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
