/* A still of a sequence or a clip: its thumbnail, or a striped box that says why there is none yet. */
(function (S) {
  "use strict";

  const el = S.el;

  /**
   * The thumbnail at `url` (a studio path), or a box that says "Rendering…" while `busy`, else
   * "No preview". `className` sizes it ("thumb" in the library); `quiet` leaves the box without words.
   */
  S.thumb = function (url, { busy = false, className = "thumb", quiet = false } = {}) {
    if (url) return el("img", { class: className, src: S.api.mediaUrl(url), alt: "", loading: "lazy" });
    const words = quiet ? null : el("span", { text: busy ? "Rendering…" : "No preview" });
    return el("div", { class: `${className} empty-thumb`, "aria-hidden": "true" }, words);
  };
})(window.Studio);
