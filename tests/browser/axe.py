"""Accessibility and layout checks run inside the page: axe-core from the
vendored copy (scripts/vendor-axe; never a CDN) and the no-sideways-scroll rule."""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# Rules that judge a page against WCAG 2.x A/AA and common best practice; the
# experimental ones change between releases and would make the test flaky.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NODES_SHOWN = 3


def axe_violations(page, impacts=("serious", "critical"), within: str | None = None) -> list[str]:
    """Runs axe-core on the current page (or the part matching the CSS
    selector `within`); one readable line per violation of the given impacts:
    rule id, impact, what it asks, and the first elements."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async ([tags, within]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const r = await axe.run(within || document, options);
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
            }));
        }""",
        [AXE_TAGS, within],
    )
    lines = []
    for v in results:
        if v["impact"] not in impacts:
            continue
        shown = "; ".join(_node(n) for n in v["nodes"][:NODES_SHOWN])
        more = f" (+{len(v['nodes']) - NODES_SHOWN} more)" if len(v["nodes"]) > NODES_SHOWN else ""
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} — {shown}{more}")
    return lines


def _node(node) -> str:
    # The first line after "Fix any/all of the following:" says what to change.
    detail = [line.strip() for line in node["summary"].splitlines()[1:2] if line.strip()]
    return node["target"] + (f" ({detail[0]})" if detail else "")


def horizontal_overflow(page) -> dict | None:
    """None when the page fits its viewport's width; otherwise the widths and
    the elements that stick out on the right (first few), to say what to fix."""
    return page.evaluate(
        """() => {
            const doc = document.documentElement, width = window.innerWidth;
            if (doc.scrollWidth <= width) return null;
            // Wide tables may scroll inside their own box; only what escapes counts.
            const insideScrollBox = (el) => {
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX !== "visible") return true;
                }
                return false;
            };
            const culprits = [];
            for (const el of document.body.querySelectorAll("*")) {
                const r = el.getBoundingClientRect();
                if (r.right <= width + 0.5 || r.width === 0 || insideScrollBox(el)) continue;
                // Report the outermost element that sticks out, not each of its children.
                if (culprits.some(c => c.el.contains(el))) continue;
                const id = el.id ? "#" + el.id : "";
                const cls = el.classList.length ? "." + [...el.classList].slice(0, 3).join(".") : "";
                culprits.push({el, text: `${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(r.right)}`});
                if (culprits.length >= 5) break;
            }
            return {scrollWidth: doc.scrollWidth, innerWidth: width, elements: culprits.map(c => c.text)};
        }"""
    )
