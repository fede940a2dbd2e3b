/* Municipality suggestions for fields marked data-autocomplete (progressive enhancement:
   the field works without this script, the server also understands names and IBGE codes).
   In a textarea, the line being typed is completed. ARIA 1.2 combobox pattern. */
(function () {
  "use strict";
  var count = 0;
  function setup(field) {
    var url = field.getAttribute("data-autocomplete");
    var list = document.createElement("ul");
    var id = "suggest-" + (++count);
    var items = [], active = -1, timer = null, seq = 0;
    list.id = id; list.className = "suggest"; list.setAttribute("role", "listbox"); list.hidden = true;
    field.parentNode.insertBefore(list, field.nextSibling);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-expanded", "false");
    field.setAttribute("aria-controls", id);
    var multi = field.tagName === "TEXTAREA";
    function current() {
      if (!multi) return field.value;
      var lines = field.value.split("\n");
      return lines[lines.length - 1];
    }
    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      field.setAttribute("aria-expanded", "false"); field.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      var m = items[i]; if (!m) return;
      var text = m.ibge_code + " " + m.name + "/" + m.uf;
      if (multi) {
        var lines = field.value.split("\n"); lines[lines.length - 1] = text;
        field.value = lines.join("\n") + "\n";
      } else { field.value = text; }
      close(); field.focus();
    }
    function highlight(i) {
      var nodes = list.children;
      for (var k = 0; k < nodes.length; k++) nodes[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (nodes[i]) field.setAttribute("aria-activedescendant", nodes[i].id);
    }
    function show(results) {
      list.innerHTML = ""; items = results; active = -1;
      if (!results.length) { close(); return; }
      results.forEach(function (m, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i; li.setAttribute("role", "option");
        li.textContent = m.name + "/" + m.uf + " (" + m.ibge_code + ")";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false; field.setAttribute("aria-expanded", "true");
    }
    function lookup() {
      var q = current().trim();
      if (q.length < 2 || /^\d{7}\b/.test(q)) { close(); return; }
      var mine = ++seq;
      fetch(url + "?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (data) { if (mine === seq) show(Array.isArray(data) ? data : []); })
        .catch(close);
    }
    field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 150); });
    field.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
    });
    field.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  var fields = document.querySelectorAll("[data-autocomplete]");
  for (var i = 0; i < fields.length; i++) setup(fields[i]);
  /* "Did you mean" links under a municipality that was not found: put the suggestion in
     place of what was typed (without this script the link leads to the field). */
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a.fill") : null;
    if (!link) return;
    var field = document.getElementById(link.getAttribute("data-field"));
    if (!field) return;
    e.preventDefault();
    var typed = link.getAttribute("data-typed"), value = link.getAttribute("data-value");
    var lines = field.value.split("\n"), replaced = false;
    for (var j = 0; j < lines.length; j++) {
      if (lines[j].trim() === typed) { lines[j] = value; replaced = true; break; }
    }
    if (!replaced) lines.push(value);
    field.value = lines.join("\n");
    field.focus();
  });
})();
