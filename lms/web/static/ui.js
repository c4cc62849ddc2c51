// The header's menu on a phone and the copy buttons. Loaded in <head> without defer, so the "js" class
// is on the page before it is first drawn: the stylesheet folds the phone menu away only then, and a
// page whose script did not load keeps its navigation in sight.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // a disclosure: the button shows and hides the navigation over the page; Escape closes it and gives the
  // button focus; leaving it (a tap on the page, Tab past its last link) closes it too
  const button = document.querySelector(".menu-button");
  if (button) {
    const nav = button.closest("nav");
    const isOpen = () => button.getAttribute("aria-expanded") === "true";
    const open = (yes) => button.setAttribute("aria-expanded", String(yes));
    button.addEventListener("click", () => open(!isOpen()));
    nav.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && isOpen()) {
        open(false);
        button.focus();
      }
    });
    nav.addEventListener("focusout", (event) => { if (!nav.contains(event.relatedTarget)) open(false); });
    document.addEventListener("click", (event) => { if (!nav.contains(event.target)) open(false); });
  }
  // <button data-copy="TEXT"> copies TEXT; the live region after it says so
  if (!navigator.clipboard) {  // only on https (and localhost): without it the text stays to select by hand
    document.querySelectorAll("[data-copy]").forEach((b) => b.remove());
  }
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const status = button.nextElementSibling;
  try {
    await navigator.clipboard.writeText(button.dataset.copy);
    status.textContent = status.dataset.copied;
    setTimeout(() => { status.textContent = ""; }, 5000);
  } catch {  // refused: the text shown before the button is selected instead, to copy by hand
    const shown = button.previousElementSibling;
    if (shown.select) shown.select(); else window.getSelection().selectAllChildren(shown);
  }
});
