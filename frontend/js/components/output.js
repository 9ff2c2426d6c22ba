/* What a mode makes, in its output panel: the empty state, the player (or its placeholder), the header. */
(function (S) {
  "use strict";

  const el = S.el;

  /** A player for `src`: the one in `keep` (the players before a rebuild), so playback goes on, or a new one. */
  S.player = (keep, src, attrs) =>
    keep.get(src) || el("video", { src, controls: true, preload: "metadata", playsInline: true, ...attrs });

  /** The player of a finished shot or clip, or a placeholder that shows how far it is. */
  S.media = function (item, keep, attrs) {
    if (item.download_url) {
      const poster = item.thumbnail_url ? S.api.mediaUrl(item.thumbnail_url) : null;
      return S.player(keep, S.api.mediaUrl(item.download_url), { poster, ...attrs });
    }
    if (item.status === "failed") {
      const icon = el("span", { class: "ph-icon", text: "!" });
      return el("div", { class: "placeholder failed", "aria-hidden": "true" }, icon);
    }
    return el(
      "div",
      { class: `placeholder ${item.status === "in_progress" ? "working" : ""}`, "aria-hidden": "true" },
      el("span", { class: "ph-percent", text: item.status === "queued" ? "…" : `${item.progress}%` })
    );
  };

  /** A box with the frame's aspect ratio around a player; `wide` for the main player of a panel. */
  S.mediaBox = (size, child, wide = false) =>
    el("div", { class: wide ? "media wide" : "media", style: S.aspectStyle(size) }, child);

  /** Facts in a line, "4 s · 1280 × 720 · sora-2": a narrow line wraps between them, never inside one. */
  S.facts = (parts) => parts.flatMap((part, i) => [i ? " · " : "", el("span", { class: "nowrap", text: part })]);

  /** The head of a sequence or a clip: what it is, a line of facts, and its status. */
  S.itemHead = (eyebrow, facts, status) =>
    el(
      "header",
      { class: "sequence-head" },
      el("div", {}, eyebrow, el("p", { class: "meta" }, S.facts(facts))),
      S.pill(status)
    );

  /** What an output panel shows before there is anything: `frames` dashed frames, a title and a line. */
  S.emptyState = (frames, title, text) =>
    el(
      "div",
      { class: "empty" },
      el(
        "div",
        { class: frames === 1 ? "empty-art single" : "empty-art", "aria-hidden": "true" },
        Array.from({ length: frames }, () => el("span"))
      ),
      el("p", { class: "empty-title", text: title }),
      el("p", { class: "empty-text", text })
    );

  /** Fill a mode's output panel: its heading, the region that speaks, the box its item shows in (returned). */
  S.outputPanel = function (section, { title, titleId, box }) {
    const inner = el("div", { dataset: { [box]: "" } });
    section.setAttribute("aria-labelledby", titleId);
    section.replaceChildren(
      el(
        "div",
        { class: "panel-head" },
        el("h2", { id: titleId, tabindex: "-1", dataset: { outputTitle: "" }, text: title })
      ),
      el("p", { class: "sr-only", role: "status", "aria-live": "polite", dataset: { live: "" } }),
      inner
    );
    return inner;
  };

  /**
   * Keep a mode's output panel in step with its current item. `view` gives: empty() for no item,
   * said(item) for the live region, build(item, keep) for the article, and `kinds`, the changes that
   * call for a rebuild. Players survive the rebuild, and so does keyboard focus.
   */
  S.mountOutput = function (store, mode, root, box, view) {
    const live = S.find("[data-live]", root);

    function render() {
      const item = store.of(mode).current;
      if (!item) {
        box.replaceChildren(view.empty());
        live.textContent = "";
        return;
      }
      // The panel is rebuilt on every change; only this stable region speaks to screen readers.
      const said = view.said(item);
      if (live.textContent !== said) live.textContent = said;
      const keep = new Map(S.findAll("video", box).map((video) => [video.getAttribute("src"), video]));
      const article = view.build(item, keep);
      S.keepFocus(box, () => box.replaceChildren(article));
      if (view.after) view.after();
    }

    store.watch(["current", ...view.kinds], render, mode);
    render();
  };
})(window.Studio);
