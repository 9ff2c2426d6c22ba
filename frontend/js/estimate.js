/* The cost before anything is paid (of a sequence or of one clip), and dialog that will not fit. */
(function (S) {
  "use strict";

  const el = S.el;
  const DEBOUNCE_MS = 350;

  /**
   * Ask the studio what a mode's draft will cost whenever it changes (debounced), and show it in `box`.
   * `body(state)` is the request; `onData(data)` hears each answer.
   */
  S.mountEstimate = function (store, mode, box, { body, onData = null }) {
    let timer = null;
    let lastBody = "";
    let ticket = 0;

    async function refresh() {
      if (!store.state.caps) return;
      const request = body(store.state);
      const text = JSON.stringify(request);
      if (text === lastBody) return;
      lastBody = text;
      const mine = ++ticket;
      try {
        const data = await S.api.estimate(request);
        if (mine !== ticket) return; // a newer draft already asked
        const asked = { shots: request.shots.length, seconds: request.seconds };
        store.update(mode, "estimate", { estimate: { status: "ok", data, asked, message: "" } });
        if (onData) onData(data);
      } catch (err) {
        if (mine !== ticket) return;
        lastBody = "";
        store.update(mode, "estimate", { estimate: { status: "error", data: null, message: err.message } });
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MS);
    }

    function render() {
      const { status, data, asked, message } = store.of(mode).estimate;
      let value;
      let detail;
      if (status === "ok") {
        const length =
          asked.shots === 1 ? `${data.seconds} s` : `${asked.shots} × ${asked.seconds} s = ${data.seconds} s`;
        if (data.free) {
          value = el("span", { class: "price free", dataset: { free: "" }, text: "free: local engine" });
          detail = `${length} of storyboard animatic`;
        } else if (data.estimated_usd === null) {
          value = el("span", { class: "price", dataset: { unknown: "" }, text: "Price unknown" });
          detail = `${length}; the studio does not know this provider's prices`;
        } else {
          value = el("span", { class: "price", text: "≈ " + S.formatUsd(data.estimated_usd) });
          detail = `${length} on ${data.model}, ${data.size}`;
        }
      } else if (S.disconnected(store.state)) {
        value = el("span", { class: "price muted", text: "No estimate" });
        detail = "The cost shows once the studio answers.";
      } else if (status === "error") {
        value = el("span", { class: "price muted", text: "No estimate" });
        detail = message;
      } else {
        value = el("span", { class: "price muted", text: "Estimating…" });
        detail = "";
      }
      box.replaceChildren(
        el("span", { class: "estimate-label", text: "Estimate" }),
        value,
        el("span", { class: "estimate-detail", text: detail })
      );
    }

    // Another provider prices the same draft differently: ask again.
    store.watch(["caps"], () => (lastBody = ""));
    // Typing the clip's prompt changes nothing in its body, so it asks nothing.
    store.watch(["caps", "settings", "shots", "draft"], schedule, mode);
    store.watch(["estimate", "connection"], render, mode);
    render();
  };

  /** The sequence's estimate also says which dialog lines will not fit their shot. */
  S.dialogWarnings = (store) => (data) => {
    const warnings = {};
    for (const warning of data.warnings || []) warnings[warning.field] = warning.message;
    store.update("sequence", "warnings", { warnings });
  };
})(window.Studio);
