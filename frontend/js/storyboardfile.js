/*
 * A storyboard file (versioned JSON, `"storyboard": 1`, the body POST /api/generate takes) and the draft:
 * check a document as the studio would (backend/models/storyboard.py), turn it into draft parts, and turn the
 * draft back into a document with its pictures as data: URLs. Opening replaces the draft only when the whole
 * document is good.
 */
(function (S) {
  "use strict";

  const VERSION = 1;
  const CONTINUITY = ["remix", "chain", "last_frame", "independent", "keyframes"];
  const REF_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
  const DATA_URL = /^data:image\/(png|jpeg|webp);base64,/;
  const SECONDS = /^\d{1,3}$/;
  const SIZE = /^\d{2,5}x\d{2,5}$/;
  const EXTENSION = { png: "png", jpeg: "jpg", webp: "webp" };

  /** A document the studio would refuse; `field` names the place, as the studio does ("shots[1].seconds"). */
  class StoryboardError extends Error {
    constructor(field, message) {
      super(field ? `${field}: ${message}` : message);
      this.name = "StoryboardError";
      this.field = field;
    }
  }

  const fail = (field, message) => {
    throw new StoryboardError(field, message);
  };
  const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
  const given = (value) => value !== null && value !== undefined;

  /** A text field: absent is "", otherwise a string of at most `max` characters; returned trimmed. */
  function text(value, field, { max = 4000, required = false } = {}) {
    if (!given(value)) return required ? fail(field, "is required.") : "";
    if (typeof value !== "string") fail(field, "must be text.");
    const trimmed = value.trim();
    if (required && !trimmed) fail(field, "must not be empty.");
    if (trimmed.length > max) fail(field, `is too long (at most ${max} characters).`);
    return trimmed;
  }

  /** A length: "8" or 8, as the studio reads it; null when absent. */
  function seconds(value, field) {
    if (!given(value)) return null;
    const written = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
    if (typeof written !== "string" || !SECONDS.test(written)) {
      fail(field, `must be a whole number of seconds such as "8" (it is ${JSON.stringify(value)}).`);
    }
    return written;
  }

  function refId(value, field) {
    if (typeof value !== "string" || !REF_ID.test(value)) {
      fail(field, `must be a short lower-case id such as "ray-cole" (it is ${JSON.stringify(value)}).`);
    }
    return value;
  }

  function list(value, field, max) {
    if (!given(value)) return [];
    if (!Array.isArray(value)) fail(field, "must be a list.");
    if (value.length > max) fail(field, `holds ${value.length}; at most ${max}.`);
    return value;
  }

  /** A picture inside the document: a data: URL of a PNG, JPEG or WebP, made a File; null when absent. */
  function picture(value, field, name) {
    if (!given(value)) return null;
    if (typeof value !== "string" || !DATA_URL.test(value)) {
      fail(field, "must be a picture as a data: URL (data:image/png;base64,…), or null.");
    }
    const type = value.slice(5, value.indexOf(";"));
    let bytes;
    try {
      const binary = atob(value.slice(value.indexOf(",") + 1));
      bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    } catch (err) {
      fail(field, "is not valid base64.");
    }
    return new File([bytes], `${name}.${EXTENSION[type.split("/")[1]]}`, { type });
  }

  /** The cast or the locations: [{id, name, description, file}]; ids unique, as the studio insists. */
  function storyItems(document, kind) {
    const seen = new Set();
    return list(document[kind], kind, 24).map((item, index) => {
      const at = `${kind}[${index}]`;
      if (!isObject(item)) fail(at, "must be an object with an id and a name.");
      const id = refId(item.id, `${at}.id`);
      if (seen.has(id)) fail(`${at}.id`, `"${id}" is used twice.`);
      seen.add(id);
      return {
        id,
        name: text(item.name, `${at}.name`, { max: 100, required: true }),
        description: text(item.description, `${at}.description`),
        file: picture(item.reference, `${at}.reference`, id),
      };
    });
  }

  function shot(item, index, castIds, locationIds) {
    const at = `shots[${index}]`;
    if (!isObject(item)) fail(at, "must be an object.");
    const fields = {};
    for (const name of S.TEXT_FIELDS) fields[name] = text(item[name], `${at}.${name}`);
    const cast = list(item.cast, `${at}.cast`, 8).map((id, i) => refId(id, `${at}.cast[${i}]`));
    const missing = cast.find((id) => !castIds.includes(id));
    if (missing) fail(`${at}.cast`, `no cast member "${missing}" in this storyboard.`);
    const location = given(item.location) ? refId(item.location, `${at}.location`) : null;
    if (location && !locationIds.includes(location)) fail(`${at}.location`, `no location "${location}".`);
    const continuity = given(item.continuity) ? item.continuity : "auto";
    if (!["auto", "new_scene"].includes(continuity)) fail(`${at}.continuity`, 'must be "auto" or "new_scene".');
    const from = given(item.continue_from) ? Number(item.continue_from) : null;
    if (from !== null && (!Number.isInteger(from) || from < 1 || from > index)) {
      fail(`${at}.continue_from`, `shot ${index + 1} can only continue from an earlier shot (1 to ${index}).`);
    }
    if (continuity === "new_scene" && from !== null) {
      fail(`${at}.continuity`, "a new scene continues from no other shot.");
    }
    const prompt = given(item.prompt) ? text(item.prompt, `${at}.prompt`, { max: 32000, required: true }) : null;
    return {
      ...fields,
      cast,
      location,
      seconds: seconds(item.seconds, `${at}.seconds`),
      newScene: continuity === "new_scene",
      continueFrom: from,
      prompt,
      file: picture(item.reference, `${at}.reference`, `shot-${index + 1}`),
    };
  }

  /**
   * Check a parsed document and return it as plain parts: {title, settings, cast, locations, shots}, the
   * pictures as Files. Throws a StoryboardError naming the first field the studio would refuse.
   * `limits` ({maxShots, templates}) adds what this studio allows.
   */
  S.readStoryboard = function (document, { maxShots = null, templates = null } = {}) {
    if (!isObject(document)) fail(null, "This file holds no storyboard object.");
    const version = document.storyboard;
    if (!given(version)) fail("storyboard", `is missing: a storyboard document says "storyboard": ${VERSION}.`);
    if (version !== VERSION) {
      fail("storyboard", `version ${JSON.stringify(version)} is unknown; this studio reads version ${VERSION}.`);
    }
    const settings = {};
    for (const name of ["model", "size", "style"]) {
      const value = document[name];
      if (given(value) && (typeof value !== "string" || !value.trim())) fail(name, "must be text, or null.");
      settings[name] = given(value) ? value.trim() : null;
    }
    if (settings.size && !SIZE.test(settings.size)) fail("size", `must be WIDTHxHEIGHT such as "1280x720".`);
    if (settings.style && templates && !templates.some((t) => t.id === settings.style)) {
      fail("style", `no style template "${settings.style}"; choose one of: ${templates.map((t) => t.id).join(", ")}.`);
    }
    settings.seconds = seconds(document.seconds, "seconds");
    const continuity = given(document.continuity) ? document.continuity : "remix";
    if (!CONTINUITY.includes(continuity)) fail("continuity", `must be one of: ${CONTINUITY.join(", ")}.`);
    settings.continuity = continuity;
    const approve = document.approve_keyframes;
    if (given(approve) && typeof approve !== "boolean") fail("approve_keyframes", "must be true or false.");
    settings.approveKeyframes = given(approve) ? approve : null;
    const cast = storyItems(document, "cast");
    const locations = storyItems(document, "locations");
    const shots = list(document.shots, "shots", 999);
    if (!shots.length) fail("shots", "Add at least one shot.");
    if (maxShots && shots.length > maxShots) {
      fail("shots", `holds ${shots.length} shots; this studio makes at most ${maxShots} (its MAX_SHOTS setting).`);
    }
    const ids = (items) => items.map((item) => item.id);
    return {
      title: text(document.title, "title"),
      settings,
      cast,
      locations,
      shots: shots.map((item, index) => shot(item, index, ids(cast), ids(locations))),
    };
  };

  /** Read a chosen or dropped file: its JSON, checked. Throws a StoryboardError. */
  S.readStoryboardFile = async function (file, limits) {
    let document;
    try {
      document = JSON.parse(await file.text());
    } catch (err) {
      throw new StoryboardError(null, `It is not valid JSON (${err.message}).`);
    }
    return S.readStoryboard(document, limits);
  };

  /** The draft as a storyboard document (what the studio validates), its pictures as data: URLs. */
  S.storyboardDocument = async function (state) {
    const { payload, pictures } = S.sequenceBody(state);
    const document = { storyboard: VERSION, title: (state.sequenceMode.draft.title || "").trim(), ...payload };
    for (const item of [...document.cast, ...document.locations, ...document.shots]) item.reference = null;
    for (const { key, file } of pictures) {
      const [kind, id] = key.split(":");
      const items = { cast: document.cast, location: document.locations }[kind];
      const item = items ? items.find((other) => other.id === id) : document.shots[Number(id) - 1];
      if (item) item.reference = await S.dataUrl(file);
    }
    return document;
  };

  /** A setting the studio does not offer here falls back to its default; the note says so. */
  function offered(name, value, choices, fallback, notes) {
    if (!choices || value === null || choices.includes(value)) return value === null ? fallback : value;
    notes.push(`${name} ${value} is not offered here: ${fallback} instead`);
    return fallback;
  }

  Object.assign(S.Store.prototype, {
    /**
     * Replace the sequence's draft with a storyboard read by S.readStoryboard: its title and settings, its
     * cast and locations (each keeps its id until renamed), its shots. Returns notes on the settings this
     * studio does not offer and were changed.
     */
    openStoryboard(board) {
      const sequence = this.of("sequence");
      const caps = this.state.caps;
      const defaults = (caps && caps.defaults) || {};
      const now = sequence.settings;
      const notes = [];
      const pick = (name, list, fallback) => offered(name, board.settings[name], caps && caps[list], fallback, notes);
      const settings = {
        model: pick("model", "models", defaults.model || now.model),
        size: pick("size", "sizes", defaults.size || now.size),
        seconds: pick("seconds", "durations", defaults.seconds || now.seconds),
        style: board.settings.style || "",
        continuity: pick("continuity", "continuity_modes", (caps && caps.continuity_modes[0]) || "remix"),
        approveKeyframes: board.settings.approveKeyframes ?? now.approveKeyframes,
      };
      for (const old of [...sequence.draft.cast, ...sequence.draft.locations, ...sequence.draft.shots]) {
        S.dropImage(old.image);
      }
      Object.assign(sequence.draft, { title: board.title, cast: [], locations: [] });
      this.update("sequence", "settings", { settings });
      const keys = {};
      for (const kind of S.STORY_KINDS) {
        keys[kind] = new Map();
        for (const item of board[kind]) {
          const added = this.addStoryItem(kind, { name: item.name, description: item.description, file: item.file });
          this.setStoryItem(kind, added.key, { editing: false, id: item.id });
          keys[kind].set(item.id, added.key);
        }
      }
      const shots = board.shots.map(() => S.newShot());
      board.shots.forEach((from, index) => {
        const seconds = from.seconds && caps && !caps.durations.includes(from.seconds) ? "" : from.seconds || "";
        if (from.seconds && !seconds) notes.push(`shot ${index + 1}'s ${from.seconds} s is not offered here`);
        Object.assign(shots[index], {
          ...Object.fromEntries(S.TEXT_FIELDS.map((name) => [name, from[name]])),
          cast: from.cast.map((id) => keys.cast.get(id)),
          location: from.location ? keys.locations.get(from.location) : null,
          seconds,
          newScene: from.newScene,
          continueFrom: from.continueFrom ? shots[from.continueFrom - 1].id : null,
          prompt: from.prompt,
          image: S.pickImage(from.file),
        });
      });
      this.setShots(shots);
      this.setErrors("sequence", {});
      this.emit("title", "sequence");
      return notes;
    },

    /** Typing the sequence's title. */
    setTitle(value) {
      this.of("sequence").draft.title = value;
      this.emit("title", "sequence");
    },
  });

  /** The file name a storyboard is saved under: its title's slug, or the sequence id. */
  S.storyboardFileName = (title, fallback = "storyboard") => `${S.slug(title, fallback)}.storyboard.json`;

  S.StoryboardError = StoryboardError;
})(window.Studio);
