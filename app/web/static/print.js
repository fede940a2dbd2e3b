// Progressive enhancement: the "Print" link opens the browser's print dialog. Without
// JavaScript it leads to the sentence that explains how to print.
document.querySelectorAll("[data-print]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
