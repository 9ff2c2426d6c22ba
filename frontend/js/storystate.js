/*
 * The draft's cast and locations, in the store: add, type, attach a picture, remove (and take out of the
 * shots). Each item has a `key` the shots point to, so a rename never loses who is in which shot; its id
 * for the studio is made from its name when it is sent (S.storyIds).
 */
(function (S) {
  "use strict";

  const KINDS = ["cast", "locations"];
  const FALLBACK = { cast: "cast", locations: "location" };
  let nextKey = 1;

  /** A lower-case slug of a name, as the studio's ids are: "Ray Cole" gives "ray-cole". */
  S.slug = function (name, fallback) {
    const base = String(name || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, "")
      .slice(0, 36)
      .replace(/-+$/, "");
    return base || fallback;
  };

  /**
   * The ids of one kind's items, unique in order ("ray", "ray-2"): a Map of key to id. An item opened from
   * a storyboard keeps the id it had there (item.id) until it is renamed.
   */
  S.kindIds = function (items, kind) {
    const ids = new Map();
    const taken = new Set();
    for (const item of items) {
      const base = item.id || S.slug(item.name, FALLBACK[kind]);
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
      ids.set(item.key, id);
    }
    return ids;
  };

  /** Both kinds' ids for a draft: {cast: Map, locations: Map}. */
  S.storyIds = (draft) => ({ cast: S.kindIds(draft.cast, "cast"), locations: S.kindIds(draft.locations, "locations") });

  /** A story item's display name, never empty. */
  S.storyName = (item, kind) => item.name.trim() || (kind === "cast" ? "New cast member" : "New location");

  Object.assign(S.Store.prototype, {
    storyItem(kind, key) {
      return this.of("sequence").draft[kind].find((item) => item.key === key) || null;
    },

    /**
     * Add a cast member or location, open for editing unless it comes whole (from the library). `saved`
     * remembers what the library holds of it, so the page can say when it has changed since.
     */
    addStoryItem(kind, { name = "", description = "", file = null, saved = null } = {}) {
      if (!KINDS.includes(kind)) return null;
      const item = { key: nextKey++, name, description, image: S.pickImage(file), editing: !saved, saved };
      const draft = this.of("sequence").draft;
      draft[kind] = [...draft[kind], item];
      this.emit("story", "sequence");
      return item;
    },

    /** Typing a name or a description: the panel keeps its focus; the shots show the new name. */
    setStoryText(kind, key, field, value) {
      const item = this.storyItem(kind, key);
      if (!item || !["name", "description"].includes(field)) return;
      if (field === "name") delete item.id; // a new name, a new id
      item[field] = value;
      this.emit("story-text", "sequence");
    },

    setStoryImage(kind, key, file) {
      const item = this.storyItem(kind, key);
      if (!item) return;
      S.dropImage(item.image);
      item.image = S.pickImage(file);
      this.emit("story", "sequence");
    },

    /** Open or close an item's editor; other changes (e.g. `saved`) ride along. */
    setStoryItem(kind, key, changes) {
      const item = this.storyItem(kind, key);
      if (!item) return;
      Object.assign(item, changes);
      this.emit("story", "sequence");
    },

    /** Remove an item, and take it out of every shot that had it. */
    removeStoryItem(kind, key) {
      const sequence = this.of("sequence");
      const item = this.storyItem(kind, key);
      if (!item) return;
      S.dropImage(item.image);
      sequence.draft[kind] = sequence.draft[kind].filter((other) => other.key !== key);
      for (const shot of sequence.draft.shots) {
        if (kind === "cast") shot.cast = shot.cast.filter((other) => other !== key);
        else if (shot.location === key) shot.location = null;
      }
      const errors = {};
      for (const [field, message] of Object.entries(sequence.errors)) {
        if (!/^(cast|location)/.test(field)) errors[field] = message;
      }
      sequence.errors = errors;
      this.emit("story", "sequence");
    },

    /** The numbers of the shots an item is in. */
    shotsWith(kind, key) {
      const shots = this.of("sequence").draft.shots;
      const has = (shot) => (kind === "cast" ? shot.cast.includes(key) : shot.location === key);
      return shots.flatMap((shot, index) => (has(shot) ? [index + 1] : []));
    },

    /** The studio's library of one kind: {status, items}. */
    setSaved(kind, changes) {
      const saved = { ...this.state.saved, [kind]: { ...this.state.saved[kind], ...changes } };
      this.set("saved", { saved });
    },
  });

  S.STORY_KINDS = KINDS;
})(window.Studio);
