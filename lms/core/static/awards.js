// My badges: a Copy button beside each share link. Without this script the link stays in a
// read-only field that selects itself in full, ready to copy.
document.querySelectorAll(".share input[readonly]").forEach((field) => {
  field.addEventListener("focus", () => field.select());
});

document.querySelectorAll("button.copy-link").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = button.closest(".share").querySelector(".copied");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = "Link copied.";
    } catch {
      field.focus();
      field.select();
      status.textContent = "The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.";
    }
  });
});
