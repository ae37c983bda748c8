"""What a page looks like at a given width, measured in the browser: what runs past the
viewport's edges, and which figures a reader cannot see without scrolling sideways."""

# A labelled scroll region: the one place content may run past the viewport.
SCROLL_REGION = '[role="region"][aria-label][tabindex="0"]'

_MEASURE = """
(scrollRegion) => {
  const width = window.innerWidth;
  const regions = [...document.querySelectorAll(scrollRegion)];
  const name = (el) => {
    const id = el.id ? '#' + el.id : '';
    const aria = el.getAttribute('aria-label');
    const label = aria ? `[aria-label="${aria}"]` : '';
    const cls = typeof el.className === 'string' && el.className
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return `<${el.tagName.toLowerCase()}${id}${cls}${label}> "${text}"`;
  };
  // Hidden from sight: not rendered, invisible, or clipped away as GOV.UK's visually
  // hidden text is (a 1px box that is read out but never seen).
  const unseen = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden') return true;
      if (style.clipPath === 'inset(50%)' || style.clip === 'rect(0px, 0px, 0px, 0px)') return true;
    }
    return false;
  };
  const outside = (rect) => rect.right > width + 0.5 || rect.left < -0.5;
  // Each element past an edge, but not its descendants: the outermost names the fault.
  const overflowing = [];
  const past = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    if (regions.some((region) => region !== el && region.contains(el))) continue;
    const rect = el.getBoundingClientRect();
    if ((rect.width === 0 && rect.height === 0) || !outside(rect) || unseen(el)) continue;
    past.add(el);
    if (past.has(el.parentElement)) continue;
    overflowing.push(`${name(el)} spans ${Math.round(rect.left)} to ${Math.round(rect.right)}`);
  }
  // Every piece of text holding a digit: its boxes must lie inside the viewport, also
  // inside a scroll region (a figure scrolled out of sight is out of view).
  const figures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\\d/.test(node.textContent) || unseen(node.parentElement)) continue;
    if (node.parentElement.closest('script, style, svg, noscript')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && outside(rect)) {
        const text = node.textContent.trim().slice(0, 40);
        const where = `${Math.round(rect.left)} to ${Math.round(rect.right)}`;
        figures.push(`"${text}" in ${name(node.parentElement)} spans ${where}`);
        break;
      }
    }
  }
  // A region that scrolls says so, in words that can be seen: its ::before (the site's
  // stylesheet shows it only while the region scrolls).
  const says = (region) => {
    const before = getComputedStyle(region, '::before');
    return before.display !== 'none' && /scroll/i.test(before.content);
  };
  const silent = regions
    .filter((region) => region.scrollWidth > region.clientWidth + 1 && !unseen(region))
    .filter((region) => !says(region))
    .map(name);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    overflowing,
    figures,
    silent,
  };
}
"""


def measure(page) -> dict:
    """The page's layout at its current viewport: `scrollWidth` and `width` (the
    document's and the viewport's), `overflowing` (elements running past the viewport
    outside a scroll region), `figures` (text with a digit outside the viewport, scroll
    regions included), `silent` (scroll regions that scroll without saying so)."""
    return page.evaluate(_MEASURE, SCROLL_REGION)
