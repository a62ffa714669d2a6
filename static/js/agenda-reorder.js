// Drag and drop for the agenda editor (SortableJS). Each item also has "move up/down"
// buttons, which work with the keyboard and without JavaScript; this only adds dragging.
(function () {
  if (!window.Sortable) { return; }
  var token = document.querySelector("[name=csrfmiddlewaretoken]");
  var status = document.getElementById("reorder-status");
  document.querySelectorAll("ol.agenda-list").forEach(function (list) {
    window.Sortable.create(list, {
      handle: ".drag-handle",
      draggable: "li.agenda-entry",
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) { return; }
        var entry = event.item;
        var body = new URLSearchParams();
        body.set("position", String(event.newIndex));
        fetch(entry.dataset.moveUrl, {
          method: "POST",
          headers: {"X-CSRFToken": token ? token.value : "", "Accept": "application/json"},
          body: body,
          credentials: "same-origin"
        }).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        }).then(function (data) {
          data.items.forEach(function (item) {
            var number = document.querySelector('[data-number-for="' + item.id + '"]');
            if (number) { number.textContent = item.number; }
          });
          if (status) { status.textContent = status.dataset.done; }
        }).catch(function () {
          if (status) { status.textContent = status.dataset.failed; }
          window.location.reload();
        });
      }
    });
  });
})();
