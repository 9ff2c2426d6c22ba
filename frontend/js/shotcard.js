/*
 * One shot's card: its head (number, a one-line summary, its tools), who and where, what happens, its own
 * length and continuity, a reference image, and the prompt it will send (js/promptpreview.js fills that).
 */
(function (S) {
  "use strict";

  const el = S.el;
  const TEXT = [
    {
      name: "character",
      label: "Character",
      placeholder: "A silver-haired inventor, mustard raincoat, brass goggles",
      withStory: "What they do here: lights a cigarette, looks up",
    },
    {
      name: "environment",
      label: "Environment",
      placeholder: "A rain-soaked rooftop garden at dusk",
      withStory: "What is different here: the rain has stopped",
    },
    { name: "lighting_camera", label: "Lighting & camera", placeholder: "Slow dolly-in, 35 mm, warm practicals" },
    { name: "dialog", label: "Dialog", placeholder: "INVENTOR: It works. It actually works!" },
  ];
  const SHORT = 42; // characters of free text a summary shows

  function clip(text) {
    const clean = text.trim().replace(/\s+/g, " ");
    return clean.length > SHORT ? clean.slice(0, SHORT - 1) + "…" : clean;
  }

  function listed(names) {
    return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  }

  /** Who and where a shot is, by name: {who: [names], where: name or null}. */
  function storyOf(shot, ctx) {
    const who = ctx.cast.filter((item) => shot.cast.includes(item.key)).map((item) => S.storyName(item, "cast"));
    const place = ctx.locations.find((item) => item.key === shot.location);
    return { who, where: place ? S.storyName(place, "locations") : null };
  }

  /** The one-line summary: who, where, how long. */
  S.shotSummary = function (shot, ctx) {
    const { who, where } = storyOf(shot, ctx);
    return [
      who.length ? who.join(", ") : clip(shot.character) || "No one yet",
      where || clip(shot.environment) || "Nowhere yet",
      `${shot.seconds || ctx.settings.seconds} s`,
    ];
  };

  function textField(shot, index, spec, ctx) {
    const { who, where } = storyOf(shot, ctx);
    const picked = spec.name === "character" ? who.length > 0 : spec.name === "environment" && where !== null;
    const control = el("textarea", {
      id: `shot-${shot.id}-${spec.name}`,
      rows: 2,
      placeholder: picked ? spec.withStory : spec.placeholder,
      dataset: { field: spec.name },
      value: shot[spec.name],
    });
    let help;
    if (picked && spec.name === "character") {
      const verb = who.length > 1 ? "are" : "is";
      help = `${listed(who)} ${verb} described in the cast: add what happens, or leave it empty.`;
    } else if (picked) {
      help = `${where} is described in the locations: add what is different, or leave it empty.`;
    }
    return S.field(control, {
      label: spec.label,
      tag: spec.withStory ? (picked ? "optional" : "required") : "optional",
      help,
      errorFor: S.fieldName(index, spec.name),
      warningFor: spec.name === "dialog" ? S.fieldName(index, "dialog") : null,
    });
  }

  function castPicker(shot, index, ctx) {
    const legendId = `shot-${shot.id}-cast-legend`;
    if (!ctx.cast.length) {
      return el(
        "div",
        { class: "pick" },
        el("p", { class: "pick-legend", text: "Cast" }),
        el("p", { class: "help", text: "No cast yet: add people under Cast & locations to pick them here." })
      );
    }
    const chips = ctx.cast.map((item) =>
      el(
        "label",
        { class: "chip" },
        el("input", {
          type: "checkbox",
          id: `shot-${shot.id}-cast-${item.key}`,
          checked: shot.cast.includes(item.key),
          dataset: { pick: "cast", key: String(item.key) },
        }),
        S.storyName(item, "cast")
      )
    );
    return el(
      "fieldset",
      { class: "pick", "aria-labelledby": legendId },
      el("legend", { class: "pick-legend", id: legendId, text: "Cast in this shot" }),
      el("div", { class: "chips" }, chips),
      el("p", { class: "field-error", hidden: true, dataset: { errorFor: S.fieldName(index, "cast") } })
    );
  }

  function locationField(shot, index, ctx) {
    const pairs = [["", ctx.locations.length ? "None: described below" : "None yet"]];
    for (const item of ctx.locations) pairs.push([String(item.key), S.storyName(item, "locations")]);
    const select = el("select", { id: `shot-${shot.id}-location`, dataset: { pick: "location" } });
    select.append(...S.optionList(pairs, shot.location === null ? "" : String(shot.location)));
    return S.field(select, { label: "Location", errorFor: S.fieldName(index, "location") });
  }

  function choiceFields(shot, index, ctx) {
    const durations = [["", `Default (${ctx.settings.seconds} s)`], ...ctx.durations.map((d) => [d, `${d} s`])];
    const length = el("select", { id: `shot-${shot.id}-seconds`, dataset: { choice: "seconds" } });
    length.append(...S.optionList(durations, shot.seconds));
    const fields = [S.field(length, { label: "Duration", errorFor: S.fieldName(index, "seconds") })];
    if (index === 0) return fields;
    const earlier = ctx.shots
      .slice(0, index)
      .map((other, i) => [String(other.id), [`Shot ${i + 1}`, ...S.shotSummary(other, ctx).slice(0, 2)].join(" · ")]);
    const from = el("select", {
      id: `shot-${shot.id}-continue-from`,
      dataset: { choice: "continueFrom" },
      disabled: shot.newScene,
    });
    const pairs = [["", "Automatic"], ...earlier];
    from.append(...S.optionList(pairs, shot.continueFrom === null ? "" : String(shot.continueFrom)));
    fields.push(
      S.switchField({
        id: `shot-${shot.id}-new-scene`,
        label: "New scene",
        checked: shot.newScene,
        help: "Start fresh, from no earlier shot.",
        dataset: { choice: "newScene" },
      }),
      S.field(from, {
        label: "Continue from",
        help: "Automatic: the shot that shares its people.", // js/promptpreview.js says what it picks now
        errorFor: S.fieldName(index, "continue_from"),
      })
    );
    return fields;
  }

  function imageBlock(shot, index) {
    return S.imageField({
      id: `shot-${shot.id}-reference`,
      image: shot.image,
      label: "Reference image",
      help: "PNG, JPEG or WebP; the shot starts from it.",
      errorFor: S.fieldName(index, "image"),
      alt: `Reference image for shot ${index + 1}`,
      removeLabel: `Remove the reference image of shot ${index + 1}`,
    });
  }

  const editedMark = () => el("span", { class: "edited-mark", dataset: { editedMark: "" }, text: "Edited" });

  function head(shot, index, ctx) {
    const n = index + 1;
    const count = ctx.shots.length;
    const tool = (action, glyph, label, disabled) =>
      S.iconButton({ id: `shot-${shot.id}-${action}`, action, glyph, label, disabled });
    return el(
      "div",
      { class: "shot-head" },
      el(
        "h3",
        { class: "shot-title" },
        S.disclosure(
          {
            id: `shot-${shot.id}-toggle`,
            action: "toggle",
            controls: `shot-${shot.id}-body`,
            expanded: !shot.collapsed,
            className: "shot-toggle",
          },
          el("span", { class: "shot-chevron", "aria-hidden": "true" }),
          el("span", { class: "shot-badge", "aria-hidden": "true", text: String(n) }),
          el(
            "span",
            { class: "shot-heading" },
            el("span", { class: "shot-name", text: `Shot ${n}` }),
            el("span", { class: "shot-summary", dataset: { shotSummary: "" } }, S.facts(S.shotSummary(shot, ctx)))
          ),
          shot.prompt === null ? null : editedMark()
        )
      ),
      el(
        "div",
        { class: "shot-tools" },
        tool("move-up", "↑", `Move shot ${n} up`, index === 0),
        tool("move-down", "↓", `Move shot ${n} down`, index === count - 1),
        tool("remove", "✕", `Remove shot ${n}`, count === 1)
      )
    );
  }

  /**
   * A shot's card. `ctx`: {shots, cast, locations, settings, durations} of the draft and the studio.
   */
  S.shotCard = function (shot, index, ctx) {
    return el(
      "li",
      { class: "shot-card", dataset: { shotId: String(shot.id), collapsed: String(shot.collapsed) } },
      head(shot, index, ctx),
      el(
        "div",
        { class: "shot-body", id: `shot-${shot.id}-body`, hidden: shot.collapsed },
        el("div", { class: "shot-who" }, castPicker(shot, index, ctx), locationField(shot, index, ctx)),
        el(
          "div",
          { class: "shot-fields" },
          TEXT.map((spec) => textField(shot, index, spec, ctx))
        ),
        el("div", { class: "shot-choices" }, choiceFields(shot, index, ctx)),
        imageBlock(shot, index),
        S.previewBlock(shot, index)
      )
    );
  };
})(window.Studio);
