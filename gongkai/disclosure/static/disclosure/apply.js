// Progressive enhancement of the application form: while the applicant describes the information,
// published items and 公开答复 that may already hold it are listed under the field (at most 5,
// from the form's data-matches-url). Once they have been shown, the submit goes straight through
// (matches_seen); without JavaScript the server shows them on a confirmation step instead.
(function () {
  "use strict";
  var form = document.querySelector("form[data-matches-url]");
  var field = form && form.querySelector("textarea[name=content]");
  if (!field || !window.fetch) { return; }
  var box = document.createElement("section");
  box.className = "published-matches";
  box.id = "live-matches";
  box.hidden = true;
  box.setAttribute("aria-live", "polite");
  var heading = document.createElement("h3");
  heading.textContent = "可能已公开的信息";
  var list = document.createElement("ul");
  list.className = "matches";
  box.appendChild(heading);
  box.appendChild(list);
  field.parentNode.appendChild(box);
  var timer = null, last = "", seen = null;

  function markSeen(on) {
    if (on && !seen) {
      seen = document.createElement("input");
      seen.type = "hidden";
      seen.name = "matches_seen";
      seen.value = "1";
      form.appendChild(seen);
    } else if (!on && seen) {
      seen.remove();
      seen = null;
    }
  }

  function show(results) {
    list.textContent = "";
    results.slice(0, 5).forEach(function (m) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = m.kind_label;
      var a = document.createElement("a");
      a.href = m.url;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = m.title;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      list.appendChild(li);
    });
    box.hidden = results.length === 0;
    markSeen(results.length > 0);
  }

  function lookUp() {
    var q = field.value.trim();
    if (q === last) { return; }
    last = q;
    if (q.length < 2) { show([]); return; }
    fetch(form.getAttribute("data-matches-url") + "?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {results: []}; })
      .then(function (data) { if (field.value.trim() === q) { show(data.results || []); } })
      .catch(function () {});
  }

  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 400);
  });
  if (field.value.trim()) { lookUp(); }
}());
