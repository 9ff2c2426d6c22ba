/* How far along a shot, a clip or a sequence is: the status pill, the bar and the line under it. */
(function (S) {
  "use strict";

  const el = S.el;

  S.pill = (status) =>
    el("span", { class: `pill status-${status}`, dataset: { status }, text: S.STATUS_LABELS[status] || status });

  S.progressBar = function (value, label) {
    return el(
      "div",
      {
        class: "bar",
        role: "progressbar",
        "aria-label": label,
        "aria-valuemin": "0",
        "aria-valuemax": "100",
        "aria-valuenow": String(value),
        dataset: { progress: String(value) },
      },
      el("span", { class: "bar-fill", style: `width: ${Math.max(0, Math.min(100, value))}%` })
    );
  };

  /** A shot's or a clip's state in words. */
  S.progressText = function (item) {
    if (item.status === "queued") return "Waiting for its turn";
    if (item.status === "in_progress") return `Rendering · ${item.progress}%`;
    if (item.status === "completed") return "Ready to watch";
    return "Failed";
  };

  /** The bar and the status line of a shot or a clip that is still being made; `text` overrides the line. */
  S.progressBlock = function (item, label, text = null) {
    return [
      S.progressBar(item.progress || 0, label),
      el("p", { class: "status-text", dataset: { statusText: "" }, text: text || S.progressText(item) }),
    ];
  };
})(window.Studio);
