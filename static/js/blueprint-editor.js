/* The blueprint editor: each row's, column's, type's and level's totals (and the levels'
   share of the total points) added up again as the teacher types. The server adds them
   up the same way whenever the table comes back; a number it cannot read counts 0. */
(function () {
  "use strict";
  var form = document.querySelector("[data-blueprint-editor]");
  if (!form) return;
  var lang = document.documentElement.lang || "vi";
  var format = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  function number(input) {
    var text = (input && input.value || "").trim().replace(",", ".");
    if (!text) return 0;
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }

  function show(name, count, points, share) {
    var box = form.querySelector('[data-total="' + name + '"]');
    if (!box) return;
    box.querySelector("[data-count]").textContent = String(count);
    box.querySelector("[data-points]").textContent = format.format(Math.round(points * 100) / 100);
    var now = box.querySelector("[data-share-now]");
    if (now) now.textContent = "(" + format.format(Math.round(share * 100) / 100) + " %)";
  }

  function add(sums, name, count, points) {
    var sum = sums[name] || (sums[name] = { count: 0, points: 0 });
    sum.count += count;
    sum.points += count * points;
  }

  function update() {
    var sums = {};
    form.querySelectorAll("tbody tr[data-row]").forEach(function (row) {
      add(sums, "row-" + row.dataset.row, 0, 0);
      row.querySelectorAll("td[data-col]").forEach(function (cell) {
        var count = number(cell.querySelector("[data-count]"));
        var points = number(cell.querySelector("[data-points]"));
        if (!(count >= 0 && count === Math.floor(count) && points >= 0)) { count = 0; points = 0; }
        add(sums, "row-" + row.dataset.row, count, points);
        add(sums, "col-" + cell.dataset.col, count, points);
        add(sums, "level-" + cell.dataset.level, count, points);
        if (cell.dataset.kind) add(sums, "kind-" + cell.dataset.kind, count, points);
        add(sums, "overall", count, points);
      });
    });
    var field = form.querySelector("[data-total-points]");
    var total = field && field.value.trim() ? number(field) : 10;  // as the server reads an empty field
    if (!(total > 0)) total = 0;
    Object.keys(sums).forEach(function (name) {
      var sum = sums[name];
      show(name, sum.count, sum.points, total ? sum.points * 100 / total : 0);
    });
  }

  form.addEventListener("input", update);
})();
