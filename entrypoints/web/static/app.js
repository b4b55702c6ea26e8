// Progressive enhancement only: every page works without it.
document.addEventListener("DOMContentLoaded", () => {
  // Matrix: select all / none (shown only when this script runs).
  document.querySelectorAll("[data-select]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const form = button.closest("form");
      const checked = button.dataset.select === "all";
      form.querySelectorAll('input[type="checkbox"][name="cell"]').forEach((box) => {
        box.checked = checked;
      });
    });
  });
  // Filters: changing the company shows it at once.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => {
      const form = select.form;
      form.querySelectorAll("select:not([data-autosubmit])").forEach((other) => { other.value = ""; });
      form.submit();
    });
  });
});
