/* The cost before anything is paid (of a sequence or of one clip), and dialog that will not fit. */
(function (S) {
  "use strict";

  const el = S.el;
  const DEBOUNCE_MS = 350;

  /**
   * Ask the studio for an estimate whenever the draft changes (debounced), and show it in the
   * [data-estimate] box (or `selector`) inside `root`. Options: `slot`, the state key of the estimate;
   * `body(state)`, the request; `kinds`, the changes that call for a new estimate; `onData(data)`.
   */
  S.mountEstimate = function (store, root, options = {}) {
    const slot = options.slot || "estimate";
    const body = options.body || S.estimateRequest;
    const kinds = options.kinds || ["caps", "settings", "shots", "draft"];
    const box = S.find(options.selector || "[data-estimate]", root);
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
        store.set(slot, { [slot]: { status: "ok", data, asked, message: "" } });
        if (options.onData) options.onData(data);
      } catch (err) {
        if (mine !== ticket) return;
        lastBody = "";
        store.set(slot, { [slot]: { status: "error", data: null, message: err.message } });
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MS);
    }

    function render() {
      const { status, data, asked, message } = store.state[slot];
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

    store.addEventListener("change", (event) => {
      const kind = event.detail.kind;
      if (kind === "caps") lastBody = ""; // the same draft costs something else at another provider
      if (kinds.includes(kind)) schedule();
      if (kind === slot || kind === "connection") render();
    });
    render();
  };

  /** The sequence's estimate also says which dialog lines will not fit their shot. */
  S.dialogWarnings = (store) => (data) => {
    const warnings = {};
    for (const warning of data.warnings || []) warnings[warning.field] = warning.message;
    store.set("warnings", { warnings });
  };
})(window.Studio);
