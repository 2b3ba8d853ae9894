// Progressive enhancement of the search box: completions from /search/suggest in a <datalist>.
// Without JavaScript the form is an ordinary GET form and works the same.
(function () {
  "use strict";
  var input = document.querySelector("form.search-form input[name=q]");
  if (!input || !window.fetch) { return; }
  var list = document.createElement("datalist");
  list.id = "search-suggestions";
  input.parentNode.appendChild(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  var timer = null, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (!q || q === last) { return; }
      last = q;
      fetch("/search/suggest?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (words) {
          list.textContent = "";
          words.forEach(function (w) {
            var option = document.createElement("option");
            option.value = w;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });
}());
