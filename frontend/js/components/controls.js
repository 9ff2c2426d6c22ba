/* Small controls the forms share: a select's options, a square icon button, a disclosure toggle. */
(function (S) {
  "use strict";

  const el = S.el;

  /** The <option>s of a select from [value, label] pairs, `selected` chosen. */
  S.optionList = (pairs, selected) =>
    pairs.map(([value, label]) => el("option", { value, text: label, selected: value === selected }));

  /**
   * A square button with a glyph, named for screen readers (and, as a tooltip, for the mouse).
   * `id` lets focus come back to it after a rebuild.
   */
  S.iconButton = ({ id, action, glyph, label, disabled = false, dataset = {} }) =>
    el("button", {
      type: "button",
      class: "btn icon ghost",
      id,
      dataset: { action, ...dataset },
      "aria-label": label,
      title: label,
      disabled,
      text: glyph,
    });

  /** A button that shows or hides the element `controls` (an id); `expanded` is its state now. */
  S.disclosure = ({ id, action, controls, expanded, className }, ...children) =>
    el(
      "button",
      {
        type: "button",
        class: className,
        id,
        dataset: { action },
        "aria-expanded": String(expanded),
        "aria-controls": controls,
      },
      ...children
    );

  /** An on/off switch with its label beside it (a checkbox with the switch role). */
  S.switchField = ({ id, label, checked, help, dataset }) => {
    const input = el("input", { type: "checkbox", role: "switch", id, checked, dataset });
    const helpLine = help ? el("p", { class: "help", id: `${id}-help`, text: help }) : null;
    if (helpLine) input.setAttribute("aria-describedby", helpLine.id);
    return el(
      "div",
      { class: "field switch-field" },
      el(
        "label",
        { class: "switch", for: id },
        input,
        el("span", { class: "switch-track", "aria-hidden": "true" }),
        label
      ),
      helpLine
    );
  };
})(window.Studio);
