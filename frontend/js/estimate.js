/* The cost of the whole sequence before anything is paid, and dialog that will not fit. */
(function (S) {
  "use strict";

  const el = S.el;
  const DEBOUNCE_MS = 350;

  /** Ask the studio for an estimate whenever the draft changes (debounced), and show it. */
  S.mountEstimate = function (store, root) {
    const box = S.find("[data-estimate]", root);
    let timer = null;
    let lastBody = "";
    let ticket = 0;

    async function refresh() {
      if (!store.state.caps) return;
      const body = S.estimateRequest(store.state);
      const text = JSON.stringify(body);
      if (text === lastBody) return;
      lastBody = text;
      const mine = ++ticket;
      try {
        const data = await S.api.estimate(body);
        if (mine !== ticket) return; // a newer draft already asked
        const warnings = {};
        for (const warning of data.warnings || []) warnings[warning.field] = warning.message;
        const asked = { shots: body.shots.length, seconds: body.seconds };
        store.set("estimate", { estimate: { status: "ok", data, asked, message: "" } });
        store.set("warnings", { warnings });
      } catch (err) {
        if (mine !== ticket) return;
        lastBody = "";
        store.set("estimate", { estimate: { status: "error", data: null, message: err.message } });
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MS);
    }

    function render() {
      const { status, data, asked, message } = store.state.estimate;
      let value;
      let detail;
      if (status === "ok") {
        const length = `${asked.shots} × ${asked.seconds} s = ${data.seconds} s`;
        if (data.free) {
          value = el("span", { class: "price free", dataset: { free: "" }, text: "free: local engine" });
          detail = `${length} of storyboard animatic`;
        } else if (data.estimated_usd === null) {
          value = el("span", { class: "price", text: "Cost unknown" });
          detail = `${length}; the studio does not know this provider's prices`;
        } else {
          value = el("span", { class: "price", text: "≈ " + S.formatUsd(data.estimated_usd) });
          detail = `${length} on ${data.model}, ${data.size}`;
        }
      } else if (store.state.connection.status === "error") {
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
      if (["caps", "settings", "shots", "draft"].includes(kind)) schedule();
      if (kind === "estimate" || kind === "connection") render();
    });
    render();
  };
})(window.Studio);
