// realpolitik workbench: small enhancements only; every page works without this script.
(function () {
  "use strict";
  var query = document.getElementById("query");
  if (query) {
    // Ctrl+Enter (or Cmd+Enter) runs the query.
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        query.form.submit();
      }
    });
    // Tab indents instead of leaving the editor.
    query.addEventListener("keydown", function (event) {
      if (event.key === "Tab" && !event.shiftKey) {
        event.preventDefault();
        var start = query.selectionStart, end = query.selectionEnd;
        query.value = query.value.slice(0, start) + "  " + query.value.slice(end);
        query.selectionStart = query.selectionEnd = start + 2;
      }
    });
  }
  // A passage linked from another page: bring it into view in the middle of the screen.
  if (location.hash) {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.scrollIntoView) { target.scrollIntoView({ block: "center" }); }
  }
})();
