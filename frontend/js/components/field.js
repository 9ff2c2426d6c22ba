/* One labelled field: its control, a help line, and the slots its error and warning are shown in. */
(function (S) {
  "use strict";

  const el = S.el;

  /** A message slot under a field, found by its field name ([data-error-for], [data-warning-for]). */
  function slot(kind, id, fieldName) {
    const dataset = kind === "error" ? { errorFor: fieldName } : { warningFor: fieldName };
    return el("p", { class: `field-${kind}`, id: `${id}-${kind}`, hidden: true, dataset });
  }

  /**
   * Build a .field around `control`, which carries its `id`. Options: label; tag ("required" or
   * "optional"); help, a line of text, with helpData, its data-* hooks; errorFor and warningFor, the field
   * names of its message slots; className; wrap(control, help), to lay the two out; extra, shown under them.
   * The control is described by its help and its slots.
   */
  S.field = function (control, options) {
    const id = control.id;
    const help =
      options.help === undefined
        ? null
        : el("p", { class: "help", id: `${id}-help`, dataset: options.helpData, text: options.help });
    const error = slot("error", id, options.errorFor);
    const warning = options.warningFor ? slot("warning", id, options.warningFor) : null;
    const described = [help, error, warning].filter(Boolean).map((node) => node.id);
    control.setAttribute("aria-describedby", described.join(" "));
    const tag = options.tag && el("span", { class: options.tag === "required" ? "req" : "opt", text: options.tag });
    return el(
      "div",
      { class: options.className ? `field ${options.className}` : "field" },
      el("label", { for: id }, options.label, tag),
      options.wrap ? options.wrap(control, help) : [control, help],
      options.extra || null,
      error,
      warning
    );
  };
})(window.Studio);
