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
        // "sequence" (the shot list) or "clip" (one prompt); the tabs switch it.
        mode: "sequence",
        clipSettings: { model: "", size: "", seconds: "", style: "" },
        clipDraft: { prompt: "", image: null, preview: null },
        clipErrors: {},
        clipEstimate: { status: "idle", data: null, message: "" },
        clipSubmitting: false,
        clip: null,
        clipRetrying: false,
        clips: { status: "idle", items: [], message: "", after: null, hasMore: false },
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
      const clip = this.state.clipSettings;
      this.state.clipSettings = {
        model: pick(clip.model, caps.models, defaults.model || caps.models[0]),
        size: pick(clip.size, caps.sizes, defaults.size || caps.sizes[0]),
        seconds: pick(clip.seconds, caps.durations, defaults.seconds || caps.durations[0]),
        style: clip.style,
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

    /** Change one choice of the sequence ("settings") or of the single clip ("clipSettings"). */
    setSetting(name, value, key = "settings") {
      this.state[key] = { ...this.state[key], [name]: value };
      this.emit(key);
    }

    setMode(mode) {
      if (mode === this.state.mode || !["sequence", "clip"].includes(mode)) return;
      this.set("mode", { mode });
    }

    /** Typing the clip prompt: no rebuild, so focus and the caret stay. */
    setClipPrompt(prompt) {
      this.state.clipDraft = { ...this.state.clipDraft, prompt };
      this.emit("clipDraft");
    }

    setClipImage(file) {
      const draft = this.state.clipDraft;
      if (draft.preview) URL.revokeObjectURL(draft.preview);
      this.state.clipDraft = { ...draft, image: file || null, preview: file ? URL.createObjectURL(file) : null };
      this.emit("clipImage");
    }

    setClipErrors(errors) {
      this.state.clipErrors = errors;
      this.emit("clipErrors");
    }

    setClipError(field, message) {
      const errors = { ...this.state.clipErrors };
      if (message) errors[field] = message;
      else delete errors[field];
      this.setClipErrors(errors);
    }

    setClip(video) {
      this.state.clip = video;
      this.emit("clip");
    }

    /** The clip in the clips list too: replaced where it is, or put first when it is new. */
    mergeClip(video) {
      const clips = this.state.clips;
      const index = clips.items.findIndex((item) => item.id === video.id);
      const items = [...clips.items];
      if (index >= 0) items[index] = video;
      else items.unshift(video);
      this.state.clips = { ...clips, items };
      this.emit("clips");
    }

    dropClip(videoId) {
      const clips = this.state.clips;
      this.state.clips = { ...clips, items: clips.items.filter((item) => item.id !== videoId) };
      this.emit("clips");
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
