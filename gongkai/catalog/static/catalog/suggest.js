// Progressive enhancement of every search box marked data-suggest="<the suggest URL>": completions
// in a <datalist> as one types. Without JavaScript the form is an ordinary GET form and works the same.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var inputs = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(inputs, function (input, n) {
    var url = input.getAttribute("data-suggest");
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + n;
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
        fetch(url + "?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (words) {
            if (input.value.trim() !== q) { return; }  // typed on meanwhile: a newer request follows
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
  });
}());
