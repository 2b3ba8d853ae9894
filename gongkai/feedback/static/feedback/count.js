// A box with data-max-length counts what was typed beside its 「最多N字」 hint, and says how much
// is over (the box has no maxlength: a browser would cut a pasted letter silently). Without
// JavaScript the hint is there and the server answers how much is too much.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("textarea[data-max-length]");
  Array.prototype.forEach.call(boxes, function (box) {
    var max = parseInt(box.getAttribute("data-max-length"), 10);
    var out = document.createElement("p");
    out.className = "char-count";
    out.setAttribute("aria-live", "polite");
    box.parentNode.insertBefore(out, box.nextSibling);
    function show() {
      var n = Array.from(box.value).length;
      out.textContent = n > max ? "已输入" + n + "字，超出" + (n - max) + "字，请删减到" + max + "字以内。"
                                : "已输入" + n + "字，最多" + max + "字。";
      out.classList.toggle("over", n > max);
    }
    box.addEventListener("input", show);
    show();
  });
}());
