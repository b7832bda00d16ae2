// A button that prints the page (the page's own print stylesheet fits it on A4).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
