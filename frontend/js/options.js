/* Each mode's choices: model, size, duration, style (and, for a sequence, continuity), from the studio. */
(function (S) {
  "use strict";

  const el = S.el;
  // Each later shot continues from an earlier one that shares its people (else its place); the modes say how.
  const CONTINUITY = {
    remix: [
      "Remix the scene's first shot",
      "A later shot remixes the first shot that shares its people or place; one that shares neither starts fresh.",
    ],
    chain: ["Chain of remixes", "A later shot is a remix of the latest shot that shares its people or place."],
    last_frame: [
      "Continue from last frame",
      "A later shot starts from the last frame of the latest shot that shares its people or place.",
    ],
    independent: [
      "Independent shots",
      "Every shot is generated on its own, all at once; continuity comes from the text alone.",
    ],
    keyframes: [
      "Keyframes first",
      "One still per shot is drawn first (a later shot's is an edit of the still it continues); then every " +
        "clip is made at once, each from its still.",
    ],
  };
  const APPROVE_HELP =
    "On: the studio stops once the stills are drawn, so you can re-roll or replace any of them before a " +
    "clip is paid for. Off: the clips start as soon as the stills are ready.";
  // Without remix the studio still tries it, is refused, and falls back to the last frame: say so first.
  const NO_REMIX = {
    remix: "No remix at this provider: a later shot starts from the last frame of the shot it continues instead.",
    chain: "No remix at this provider: a later shot starts from the last frame of the shot it continues instead.",
  };
  const ORIENTATION = {
    "720x1280": "portrait",
    "1024x1792": "portrait HD",
    "1280x720": "landscape",
    "1792x1024": "landscape HD",
    "832x480": "landscape 480p",
    "480x832": "portrait 480p",
  };

  function sizeLabel(size) {
    const [w, h] = size.split("x");
    return `${w} × ${h}` + (ORIENTATION[size] ? ` · ${ORIENTATION[size]}` : "");
  }

  function continuityChoice(mode, caps) {
    const label = (CONTINUITY[mode] || [mode])[0];
    return caps.remix === false && NO_REMIX[mode] ? `${label} (no remix here)` : label;
  }

  function choices(state) {
    const caps = state.caps;
    return {
      model: caps.models.map((m) => [m, m]),
      size: caps.sizes.map((s) => [s, sizeLabel(s)]),
      seconds: caps.durations.map((d) => [d, `${d} seconds`]),
      style: [["", "No style preset"], ...state.templates.map((t) => [t.id, t.name])],
      continuity: caps.continuity_modes.map((m) => [m, continuityChoice(m, caps)]),
    };
  }

  /** Each mode's choices, in the order its form shows them: [name, label, options]. */
  const FIELDS = {
    sequence: [
      ["model", "Model"],
      ["size", "Frame size"],
      ["seconds", "Duration per shot"],
      ["style", "Style template", { help: "style" }],
      ["continuity", "Continuity", { help: "continuity", wide: true }],
    ],
    clip: [
      ["style", "Template", { help: "style", wide: true }],
      ["model", "Model"],
      ["size", "Frame size"],
      ["seconds", "Duration"],
    ],
  };

  function settingField(mode, [name, label, options = {}]) {
    const select = el("select", { id: `${mode === "clip" ? "clip" : "setting"}-${name}`, dataset: { setting: name } });
    return S.field(select, {
      label,
      help: options.help ? "" : undefined,
      helpData: options.help ? { [options.help + "Help"]: "" } : null,
      errorFor: name,
      className: options.wide ? "span-2" : null,
    });
  }

  /** The keyframes switch under the continuity choice: stop at the stills until they are approved. */
  function approveField() {
    const field = S.switchField({
      id: "setting-approve-keyframes",
      label: "Let me approve the stills before paying for clips",
      checked: true,
      help: APPROVE_HELP,
      dataset: { settingSwitch: "approveKeyframes" },
    });
    field.classList.add("span-2", "approve-field");
    field.dataset.approveField = "";
    field.hidden = true;
    return field;
  }

  S.continuityLabel = (mode) => (CONTINUITY[mode] || [mode])[0];
  S.sizeLabel = sizeLabel;

  /** Build a mode's choices into `[data-settings-grid]` inside `root` and keep them in step with the store. */
  S.mountOptions = function (store, mode, root) {
    const grid = S.find("[data-settings-grid]", root);
    grid.replaceChildren(...FIELDS[mode].map((field) => settingField(mode, field)));
    if (mode === "sequence") grid.append(approveField());
    const selects = S.findAll("select[data-setting]", root);
    const approve = S.find("[data-approve-field]", root);
    const styleHelp = S.find("[data-style-help]", root);
    const continuityHelp = S.find("[data-continuity-help]", root);

    function renderChoices() {
      if (!store.state.caps) {
        for (const select of selects) select.disabled = true;
        return;
      }
      const all = choices(store.state);
      for (const select of selects) {
        select.replaceChildren(...S.optionList(all[select.dataset.setting]));
        select.disabled = false;
      }
      renderValues();
    }

    function renderValues() {
      const settings = store.of(mode).settings;
      for (const select of selects) select.value = settings[select.dataset.setting];
      const template = store.state.templates.find((t) => t.id === settings.style);
      styleHelp.textContent = template ? template.description : "Plain direction, no added look.";
      if (continuityHelp) {
        const caps = store.state.caps;
        const noRemix = caps && caps.remix === false ? NO_REMIX[settings.continuity] : null;
        continuityHelp.textContent = noRemix || (CONTINUITY[settings.continuity] || ["", ""])[1];
        continuityHelp.toggleAttribute("data-no-remix", Boolean(noRemix));
      }
      if (approve) {
        approve.hidden = settings.continuity !== "keyframes";
        S.find("input", approve).checked = settings.approveKeyframes !== false;
      }
    }

    root.addEventListener("change", (event) => {
      const toggle = event.target.dataset.settingSwitch;
      if (toggle) store.setSetting(mode, toggle, event.target.checked);
      const name = event.target.dataset.setting;
      if (!name) return;
      store.setSetting(mode, name, event.target.value);
      if (store.of(mode).errors[name]) store.setError(mode, name, null);
    });

    store.watch(["caps"], renderChoices);
    store.watch(["settings"], renderValues, mode);
    renderChoices();
  };
})(window.Studio);
