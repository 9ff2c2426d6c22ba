/* The cost before anything is paid (of a sequence or of one clip), and dialog that will not fit. */
(function (S) {
  "use strict";

  const el = S.el;
  const DEBOUNCE_MS = 350;

  /**
   * One estimate from the answers for each length: the sums, and each dialog warning moved back to the
   * shot it is about (`shots` maps a group's shot index to the draft's).
   */
  function combine(groups, answers) {
    const first = answers[0];
    const sum = (key) => {
      const prices = answers.map((answer) => answer[key]);
      return prices.includes(null) ? null : Math.round(prices.reduce((a, b) => a + b, 0) * 10000) / 10000;
    };
    const total = sum("estimated_usd");
    const warnings = answers.flatMap((answer, g) =>
      answer.warnings.map((warning) => {
        const at = /^shots\[(\d+)\]/.exec(warning.field);
        const index = at && groups[g].shots ? groups[g].shots[Number(at[1])] : null;
        if (index === null) return warning;
        return { ...warning, field: warning.field.replace(/^shots\[\d+\]/, `shots[${index}]`) };
      })
    );
    return {
      ...first,
      estimated_usd: total,
      clips_usd: sum("clips_usd"),
      stills_usd: sum("stills_usd"),
      free: answers.every((answer) => answer.free),
      seconds: answers.reduce((sum, answer) => sum + answer.seconds, 0),
      within_budget: withinBudget(total, first.max_usd, first.budget_left_usd),
      warnings,
    };
  }

  /** Within MAX_SEQUENCE_COST and what MONTHLY_BUDGET has left; null when neither is set or the price is unknown. */
  function withinBudget(total, cap, left) {
    if ((cap === null && left === null) || total === null) return null;
    return (cap === null || total <= cap) && (left === null || total <= left);
  }

  /** The studio's monthly budget in words, when one is set: "$6.40 left of this month's $10.00 studio budget". */
  function budgetLine(data) {
    if (data.monthly_budget_usd === null || data.budget_left_usd === null) return null;
    const left = S.formatUsd(data.budget_left_usd);
    const whole = S.formatUsd(data.monthly_budget_usd);
    const over = data.estimated_usd !== null && data.estimated_usd > data.budget_left_usd;
    const text = over
      ? `Over budget: only ${left} is left of this month's ${whole} studio budget`
      : `${left} left of this month's ${whole} studio budget`;
    return el("span", { class: over ? "estimate-budget over" : "estimate-budget", dataset: { budget: "" }, text });
  }

  /** "8 s", "3 × 8 s = 24 s", or "2 × 4 s + 1 × 8 s = 16 s". */
  function lengthText(asked, seconds) {
    const parts = asked.map(({ shots, seconds: each }) => `${shots} × ${each} s`);
    if (asked.length === 1 && asked[0].shots === 1) return `${seconds} s`;
    return `${parts.join(" + ")} = ${seconds} s`;
  }

  /** Keyframes first: what the stills and what the clips cost, apart ("3 stills ≈ $0.19 · clips ≈ $4.80"). */
  function splitText(data, asked) {
    const stills = asked.reduce((count, group) => count + group.shots, 0);
    const price = (usd) => (data.free ? "free" : usd === null ? "price unknown" : "≈ " + S.formatUsd(usd));
    return `${stills} still${stills === 1 ? "" : "s"} ${price(data.stills_usd)} · clips ${price(data.clips_usd)}`;
  }

  /**
   * Ask the studio what a mode's draft will cost whenever it changes (debounced), and show it in `box`.
   * `body(state)` gives the requests, [{body, shots}] (one per length); `onData(data)` hears each answer.
   */
  S.mountEstimate = function (store, mode, box, { body, onData = null }) {
    let timer = null;
    let lastBody = "";
    let ticket = 0;

    async function refresh() {
      if (!store.state.caps) return;
      const groups = body(store.state);
      const text = JSON.stringify(groups);
      if (text === lastBody) return;
      lastBody = text;
      const mine = ++ticket;
      try {
        const answers = await Promise.all(groups.map((group) => S.api.estimate(group.body)));
        if (mine !== ticket) return; // a newer draft already asked
        const data = combine(groups, answers);
        const asked = groups.map((group, g) => {
          const shots = group.body.shots.length;
          return { shots, seconds: answers[g].seconds / shots };
        });
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
        const length = lengthText(asked, data.seconds);
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
      const keyframes = status === "ok" && store.of(mode).settings.continuity === "keyframes";
      const parts = [
        el("span", { class: "estimate-label", text: "Estimate" }),
        value,
        el("span", { class: "estimate-detail", text: detail }),
      ];
      if (keyframes) {
        const split = splitText(data, asked);
        parts.push(el("span", { class: "estimate-split", dataset: { estimateSplit: "" }, text: split }));
      }
      const budget = status === "ok" ? budgetLine(data) : null;
      if (budget) parts.push(budget);
      box.replaceChildren(...parts);
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
