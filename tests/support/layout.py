"""What a person would call broken on a screen: a page that scrolls, and text cut off or off screen."""

# Run in the page: every visible element inside <main> must lie within the window, and no box that
# hides its overflow may have more content than it shows.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = window.innerWidth, height = window.innerHeight;
  const root = document.scrollingElement;
  if (root.scrollHeight > height + 1) problems.push(`the page scrolls down: ${root.scrollHeight} > ${height}`);
  if (root.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${width}`);
  const name = (node) => `${node.tagName.toLowerCase()}${node.id ? '#' + node.id : ''}`
    + `${node.dataset.testid ? '[' + node.dataset.testid + ']' : ''}`
    + ` "${(node.textContent || '').trim().slice(0, 40)}"`;
  for (const node of document.querySelectorAll('main *')) {
    if (node.closest('[hidden]') || !node.getClientRects().length) continue;
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden') continue;
    const box = node.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left < -1 || box.top < -1 || box.right > width + 1 || box.bottom > height + 1) {
      problems.push(`${name(node)} is off screen: ${Math.round(box.left)},${Math.round(box.top)}`
        + `–${Math.round(box.right)},${Math.round(box.bottom)}`);
    }
    const hides = (value) => value !== 'visible';
    if (hides(style.overflowY) && node.scrollHeight > node.clientHeight + 1) {
      problems.push(`${name(node)} is cut off at the bottom: ${node.scrollHeight} > ${node.clientHeight}`);
    }
    if (hides(style.overflowX) && node.scrollWidth > node.clientWidth + 1) {
      problems.push(`${name(node)} is cut off at the side: ${node.scrollWidth} > ${node.clientWidth}`);
    }
  }
  return problems;
}"""
