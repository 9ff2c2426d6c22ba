/*
 * The page's state, in one EventTarget that fires "change" on every change: detail.kind says what changed,
 * detail.mode whose it is ("sequence" or "clip"; none for what both modes share).
 */
(function (S) {
  "use strict";

  const TEXT_FIELDS = ["character", "environment", "lighting_camera", "dialog"];
  const MODES = ["sequence", "clip"];
  const LIST_IDS = { library: "sequence_id", clips: "id" }; // the library's sequences, the clips list
  let nextId = 1;

  /**
   * A shot of the draft. Who and where are keys of the draft's cast and locations (js/storystate.js);
   * seconds "" is the sequence's; continueFrom is another shot's id; prompt is null until edited by hand.
   * A new shot stands with the same people in the same place as the one before it: a scene goes on.
   */
  function newShot(before = null) {
    return {
      id: nextId++,
      character: "",
      environment: "",
      lighting_camera: "",
      dialog: "",
      image: null,
      cast: before ? [...before.cast] : [],
      location: before ? before.location : null,
      seconds: "",
      newScene: false,
      continueFrom: null,
      prompt: null,
      collapsed: false,
    };
  }

  /** A chosen image and the object URL that previews it. */
  function picked(file) {
    return file ? { file, url: URL.createObjectURL(file) } : null;
  }

  function drop(image) {
    if (image) URL.revokeObjectURL(image.url);
  }

  /** What each mode keeps, under the same keys: draft, choices, messages, estimate, sending, what it shows. */
  function modeState(draft, settings) {
    return {
      draft,
      settings,
      errors: {},
      warnings: {},
      estimate: { status: "idle", data: null, message: "" },
      submitting: false,
      current: null,
      retrying: new Set(), // shot numbers being retried (a clip is a one-shot sequence: its shot is 1)
    };
  }

  class Store extends EventTarget {
    constructor() {
      super();
      const settings = { model: "", size: "", seconds: "", style: "" };
      this.state = {
        connection: { status: "connecting", message: "" },
        caps: null,
        templates: [],
        provider: null,
        library: { status: "idle", items: [], message: "" },
        clips: { status: "idle", items: [], message: "", after: null, hasMore: false },
        notice: null,
        mode: "sequence", // "sequence" (the shot list) or "clip" (one prompt); the tabs switch it
        sequenceMode: {
          // approveKeyframes: in keyframes continuity, stop at the stills until they are approved.
          ...modeState(
            { title: "", shots: [newShot()], cast: [], locations: [] },
            { ...settings, continuity: "remix", approveKeyframes: true }
          ),
          stitch: { busy: false, version: null, note: null },
          // Each shot's planned prompt, source and warnings, by shot id (js/promptpreview.js).
          preview: { status: "idle", byShot: new Map(), message: "" },
        },
        saved: { cast: { status: "idle", items: [] }, locations: { status: "idle", items: [] } },
        clipMode: modeState({ prompt: "", image: null }, { ...settings }),
      };
    }

    emit(kind, mode = null) {
      this.dispatchEvent(new CustomEvent("change", { detail: { kind, mode } }));
    }

    /**
     * Call fn(detail) on the changes named in `kinds`: those of `mode` and those both modes share
     * (every mode's when `mode` is null).
     */
    watch(kinds, fn, mode = null) {
      this.addEventListener("change", (event) => {
        const detail = event.detail;
        if (!kinds.includes(detail.kind)) return;
        if (mode && detail.mode && detail.mode !== mode) return;
        fn(detail);
      });
    }

    /** Apply a plain change to the shared state and announce it. */
    set(kind, changes) {
      Object.assign(this.state, changes);
      this.emit(kind);
    }

    /** The state of one mode. */
    of(mode) {
      return this.state[mode + "Mode"];
    }

    /** Apply a plain change to one mode's state and announce it. */
    update(mode, kind, changes) {
      Object.assign(this.of(mode), changes);
      this.emit(kind, mode);
    }

    setCapabilities(caps, templates) {
      const defaults = caps.defaults || {};
      const pick = (value, choices, fallback) => (choices.includes(value) ? value : fallback);
      this.state.caps = caps;
      this.state.templates = templates;
      this.state.provider = caps;
      for (const mode of MODES) {
        const now = this.of(mode).settings;
        const next = {
          ...now, // choices the studio does not offer (approveKeyframes) stay as they are
          model: pick(now.model, caps.models, defaults.model || caps.models[0]),
          size: pick(now.size, caps.sizes, defaults.size || caps.sizes[0]),
          seconds: pick(now.seconds, caps.durations, defaults.seconds || caps.durations[0]),
          style: now.style,
        };
        if ("continuity" in now) {
          next.continuity = pick(now.continuity, caps.continuity_modes, caps.continuity_modes[0]);
        }
        this.of(mode).settings = next;
      }
      this.state.connection = { status: "ok", message: "" };
      const draft = this.of("sequence").draft;
      draft.shots = draft.shots.slice(0, caps.max_shots);
      for (const shot of draft.shots) if (!caps.durations.includes(shot.seconds)) shot.seconds = "";
      this.emit("caps");
    }

    get maxShots() {
      return this.state.caps ? this.state.caps.max_shots : 3;
    }

    /** Replace the shot list; a change of shots clears the messages that named shots by their place. */
    setShots(shots) {
      const sequence = this.of("sequence");
      // A shot continues only from one before it: a move that undoes that makes it automatic again.
      shots.forEach((shot, index) => {
        if (shot.continueFrom !== null && !shots.slice(0, index).some((s) => s.id === shot.continueFrom)) {
          shot.continueFrom = null;
        }
      });
      sequence.draft.shots = shots;
      const errors = {};
      for (const [field, message] of Object.entries(sequence.errors)) {
        if (!/^(shots|reference_)/.test(field)) errors[field] = message;
      }
      sequence.errors = errors;
      sequence.warnings = {};
      this.emit("shots", "sequence");
    }

    addShot() {
      const shots = this.of("sequence").draft.shots;
      if (shots.length >= this.maxShots) return null;
      const shot = newShot(shots[shots.length - 1]);
      this.setShots([...shots, shot]);
      return shot;
    }

    removeShot(id) {
      const shots = this.of("sequence").draft.shots;
      if (shots.length <= 1) return;
      const shot = shots.find((s) => s.id === id);
      if (shot) drop(shot.image);
      this.setShots(shots.filter((s) => s.id !== id));
    }

    moveShot(id, delta) {
      const shots = [...this.of("sequence").draft.shots];
      const from = shots.findIndex((s) => s.id === id);
      const to = from + delta;
      if (from < 0 || to < 0 || to >= shots.length) return;
      [shots[from], shots[to]] = [shots[to], shots[from]];
      this.setShots(shots);
    }

    /** The part of a draft that holds text and an image: the clip's draft, or one shot of the sequence. */
    item(mode, shotId = null) {
      const draft = this.of(mode).draft;
      return mode === "clip" ? draft : draft.shots.find((s) => s.id === shotId) || null;
    }

    /** Typing: no rebuild of the form, so focus and the caret stay where they are. */
    setText(mode, field, value, shotId = null) {
      const item = this.item(mode, shotId);
      const fields = mode === "clip" ? ["prompt"] : [...TEXT_FIELDS, "prompt"];
      if (!item || !fields.includes(field)) return;
      item[field] = value;
      this.emit("draft", mode);
    }

    /** Attach an image (a File) to the clip or to a shot; null removes it. */
    setImage(mode, file, shotId = null) {
      const item = this.item(mode, shotId);
      if (!item) return;
      drop(item.image);
      item.image = picked(file);
      this.emit("image", mode);
    }

    /** Change a shot's choices (who, where, length, continuity, its prompt, collapsed): a rebuild of its card. */
    setShot(shotId, changes) {
      const shot = this.item("sequence", shotId);
      if (!shot) return;
      Object.assign(shot, changes);
      if (shot.newScene) shot.continueFrom = null;
      this.emit("shots", "sequence");
    }

    /** Change one choice of a mode: model, size, seconds, style, continuity. */
    setSetting(mode, name, value) {
      this.update(mode, "settings", { settings: { ...this.of(mode).settings, [name]: value } });
    }

    setErrors(mode, errors) {
      this.update(mode, "errors", { errors });
    }

    setError(mode, field, message) {
      const errors = { ...this.of(mode).errors };
      if (message) errors[field] = message;
      else delete errors[field];
      this.setErrors(mode, errors);
    }

    /** Show an item (a sequence, a clip; null for none) as the mode's current one. */
    setCurrent(mode, item) {
      this.update(mode, "current", { current: item });
    }

    /** Show a new item: what was being retried or re-stitched for the one before is forgotten. */
    begin(mode, item) {
      const state = this.of(mode);
      state.retrying = new Set();
      if (state.stitch) state.stitch = { ...state.stitch, version: null, note: null };
      this.setCurrent(mode, item);
    }

    setRetrying(mode, shotNumber, busy) {
      const retrying = new Set(this.of(mode).retrying);
      if (busy) retrying.add(shotNumber);
      else retrying.delete(shotNumber);
      this.update(mode, "current", { retrying });
    }

    /** The re-stitch of the current sequence: busy, the file's version, the note it left. */
    setStitch(changes) {
      const sequence = this.of("sequence");
      this.update("sequence", "current", { stitch: { ...sequence.stitch, ...changes } });
    }

    setMode(mode) {
      if (mode === this.state.mode || !MODES.includes(mode)) return;
      this.set("mode", { mode });
    }

    /**
     * An item in the library ("library" for sequences, "clips") too, so its card shows what the player
     * shows: replaced where it is, or, with `add`, put first when it is new.
     */
    putInList(list, item, add = false) {
      const key = LIST_IDS[list];
      const items = [...this.state[list].items];
      const index = items.findIndex((other) => other[key] === item[key]);
      if (index >= 0) items[index] = item;
      else if (add) items.unshift(item);
      else return;
      this.set(list, { [list]: { ...this.state[list], items } });
    }

    dropFromList(list, id) {
      const key = LIST_IDS[list];
      const items = this.state[list].items.filter((item) => item[key] !== id);
      this.set(list, { [list]: { ...this.state[list], items } });
    }
  }

  Object.assign(S, { Store, TEXT_FIELDS, newShot, pickImage: picked, dropImage: drop });
})(window.Studio);
