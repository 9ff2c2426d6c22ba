/* The library's cards (a sequence or a clip each) and the lists that hold them. */
(function (S) {
  "use strict";

  const el = S.el;

  /**
   * One card: a button with the thumbnail and the status that opens it, lines about it, its actions.
   * `open` is {label, id} of that button; `lines` are [content, className, title] rows under the title.
   */
  S.libraryCard = function ({ dataset, current, open, thumb, status, title, lines, spend, actions }) {
    const statusText = S.STATUS_LABELS[status] || status;
    return el(
      "li",
      { class: "lib-item" + (current ? " current" : ""), dataset: { ...dataset, status } },
      el(
        "button",
        {
          type: "button",
          class: "lib-open",
          id: open.id,
          dataset: { action: "open" },
          // The status on the card is part of what the button shows, so it is part of its name too.
          "aria-label": `${open.label}, ${statusText}`,
        },
        thumb,
        el("span", { class: `pill status-${status}`, text: statusText })
      ),
      el(
        "div",
        { class: "lib-body" },
        el("p", { class: "lib-title", title, text: title }),
        lines.filter(Boolean).map(([text, className, hint]) => el("p", { class: className, title: hint }, text)),
        el("p", { class: "lib-spend" + (spend.free ? " free" : ""), dataset: { spend: "" }, text: spend.text })
      ),
      el("div", { class: "lib-actions" }, actions)
    );
  };

  /** The line under a list: offline, failed, loading, empty, or nothing. */
  function statusLine(state, list, texts) {
    if (S.disconnected(state)) return texts.offline;
    if (list.status === "error") return list.message;
    if (list.status === "loading" && !list.items.length) return "Loading…";
    if (!list.items.length) return texts.empty;
    return "";
  }

  /**
   * Keep a list of the library ("library": sequences, "clips") in step with the store. Options:
   * list and status, the <ul> and its status line; mode, whose current item is highlighted; key, the
   * items' id field; hook, the data attribute with that id on each card (e.g. "clipItem");
   * card(item, state, current); texts {offline, empty}; onAction(action, item, button).
   */
  S.mountLibraryList = function (store, name, { list, status, mode, key, hook, card, texts, onAction }) {
    let shownCurrent = null;
    const currentId = () => {
      const current = store.of(mode).current;
      return current ? current[key] : null;
    };

    function render() {
      const state = store.state;
      const items = state[name].items;
      shownCurrent = currentId();
      const cards = items.map((item) => card(item, state, item[key] === shownCurrent));
      S.keepFocus(list, () => list.replaceChildren(...cards));
      status.textContent = statusLine(state, state[name], texts);
      status.hidden = !status.textContent;
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      const node = event.target.closest(".lib-item");
      if (!button || !node || button.disabled) return;
      const item = store.state[name].items.find((other) => other[key] === node.dataset[hook]);
      if (item) onAction(button.dataset.action, item, button);
    });

    // Live progress fires often; the list only needs a rebuild when the highlighted item changes.
    store.watch([name, "library", "connection", "caps"], render);
    store.watch(["current"], () => currentId() !== shownCurrent && render(), mode);
    render();
    return render;
  };
})(window.Studio);
