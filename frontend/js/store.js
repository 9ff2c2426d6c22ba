/* The page's state, in one EventTarget that fires "change" (detail.kind says what) on every change. */
(function (S) {
  "use strict";

  const TEXT_FIELDS = ["character", "environment", "lighting_camera", "dialog"];
  let nextId = 1;

  function newShot() {
    const text = { character: "", environment: "", lighting_camera: "", dialog: "" };
    return { id: nextId++, ...text, reference: null, preview: null };
  }

  class Store extends EventTarget {
    constructor() {
      super();
      this.state = {
        connection: { status: "connecting", message: "" },
        caps: null,
        templates: [],
        provider: null,
        shots: [newShot()],
        settings: { model: "", size: "", seconds: "", style: "", continuity: "remix" },
        errors: {},
        warnings: {},
        estimate: { status: "idle", data: null, message: "" },
        submitting: false,
        sequence: null,
        retrying: new Set(),
        restitching: false,
        stitchVersion: null,
        stitchNote: null,
        library: { status: "idle", items: [], message: "" },
        notice: null,
      };
    }

    emit(kind) {
      this.dispatchEvent(new CustomEvent("change", { detail: { kind } }));
    }

    /** Apply a plain change to the state and announce it. */
    set(kind, changes) {
      Object.assign(this.state, changes);
      this.emit(kind);
    }

    setCapabilities(caps, templates) {
      const defaults = caps.defaults || {};
      const settings = this.state.settings;
      const pick = (value, choices, fallback) => (choices.includes(value) ? value : fallback);
      this.state.caps = caps;
      this.state.templates = templates;
      this.state.provider = caps;
      this.state.settings = {
        model: pick(settings.model, caps.models, defaults.model || caps.models[0]),
        size: pick(settings.size, caps.sizes, defaults.size || caps.sizes[0]),
        seconds: pick(settings.seconds, caps.durations, defaults.seconds || caps.durations[0]),
        style: settings.style,
        continuity: pick(settings.continuity, caps.continuity_modes, caps.continuity_modes[0]),
      };
      this.state.connection = { status: "ok", message: "" };
      this.state.shots = this.state.shots.slice(0, caps.max_shots);
      this.emit("caps");
    }

    get maxShots() {
      return this.state.caps ? this.state.caps.max_shots : 3;
    }

    addShot() {
      if (this.state.shots.length >= this.maxShots) return null;
      const shot = newShot();
      this.state.shots = [...this.state.shots, shot];
      this.clearShotErrors();
      this.emit("shots");
      return shot;
    }

    removeShot(id) {
      if (this.state.shots.length <= 1) return;
      const shot = this.state.shots.find((s) => s.id === id);
      if (shot && shot.preview) URL.revokeObjectURL(shot.preview);
      this.state.shots = this.state.shots.filter((s) => s.id !== id);
      this.clearShotErrors();
      this.emit("shots");
    }

    moveShot(id, delta) {
      const shots = [...this.state.shots];
      const from = shots.findIndex((s) => s.id === id);
      const to = from + delta;
      if (from < 0 || to < 0 || to >= shots.length) return;
      [shots[from], shots[to]] = [shots[to], shots[from]];
      this.state.shots = shots;
      this.clearShotErrors();
      this.emit("shots");
    }

    /** Typing: no rebuild of the cards, so focus and the caret stay where they are. */
    setShotText(id, field, value) {
      const shot = this.state.shots.find((s) => s.id === id);
      if (!shot || !TEXT_FIELDS.includes(field)) return;
      shot[field] = value;
      this.emit("draft");
    }

    setReference(id, file) {
      const shot = this.state.shots.find((s) => s.id === id);
      if (!shot) return;
      if (shot.preview) URL.revokeObjectURL(shot.preview);
      shot.reference = file || null;
      shot.preview = file ? URL.createObjectURL(file) : null;
      this.emit("shots");
    }

    setSetting(name, value) {
      this.state.settings = { ...this.state.settings, [name]: value };
      this.emit("settings");
    }

    setErrors(errors) {
      this.state.errors = errors;
      this.emit("errors");
    }

    setError(field, message) {
      const errors = { ...this.state.errors };
      if (message) errors[field] = message;
      else delete errors[field];
      this.setErrors(errors);
    }

    clearShotErrors() {
      const errors = {};
      for (const [field, message] of Object.entries(this.state.errors)) {
        if (!/^(shots|reference_)/.test(field)) errors[field] = message;
      }
      this.state.errors = errors;
      this.state.warnings = {};
    }

    setSequence(sequence) {
      this.state.sequence = sequence;
      this.emit("sequence");
    }

    setRetrying(shotNumber, busy) {
      const retrying = new Set(this.state.retrying);
      if (busy) retrying.add(shotNumber);
      else retrying.delete(shotNumber);
      this.set("sequence", { retrying });
    }

    /** The sequence in the library list too, so its card shows the same status as the player. */
    mergeIntoLibrary(sequence) {
      const items = this.state.library.items;
      const index = items.findIndex((item) => item.sequence_id === sequence.sequence_id);
      if (index < 0) return;
      const copy = [...items];
      copy[index] = sequence;
      this.state.library = { ...this.state.library, items: copy };
      this.emit("library");
    }
  }

  S.Store = Store;
  S.TEXT_FIELDS = TEXT_FIELDS;
})(window.Studio);
