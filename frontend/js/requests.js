/* Each mode's draft as the API wants it: the checks before sending, the request, the preview, the estimate. */
(function (S) {
  "use strict";

  const PREFIX = { cast: "cast", locations: "location" }; // upload names and picture keys: cast_<id>, location:<id>

  /** The same field names the server uses, e.g. "shots[0].character" or "reference_2". */
  S.fieldName = (index, field) => (field === "image" ? `reference_${index + 1}` : `shots[${index}].${field}`);

  /** The name of a cast member's or location's picture upload, which is also its error's field. */
  S.pictureField = (kind, id) => `${PREFIX[kind]}_${id}`;

  /** The choices both modes send, null where the studio's default applies. */
  function choices(settings) {
    const { model, size, seconds, style } = settings;
    return { model: model || null, size: size || null, seconds: seconds || null, style: style || null };
  }

  /** What a shot still lacks to be sent: {field: message}. */
  function shotProblems(shot) {
    const problems = {};
    if (!shot.character.trim() && !shot.cast.length) {
      problems.character = "Describe the character, or pick cast members for this shot.";
    }
    if (!shot.environment.trim() && shot.location === null) {
      problems.environment = "Describe the environment, or pick a location for this shot.";
    }
    if (shot.prompt !== null && !shot.prompt.trim()) {
      problems.prompt = "Write the prompt, or go back to the director's prompt.";
    }
    return problems;
  }

  /** Return {field: message} for everything the server would refuse in the shot list that we can see already. */
  S.validateSequence = function (state) {
    const draft = state.sequenceMode.draft;
    const ids = S.storyIds(draft);
    const errors = {};
    for (const kind of S.STORY_KINDS) {
      draft[kind].forEach((item, index) => {
        if (!item.name.trim()) errors[`${kind}[${index}].name`] = "Give it a name: the shots pick it by name.";
        const problem = S.checkImage(item.image && item.image.file, state.caps);
        if (problem) errors[S.pictureField(kind, ids[kind].get(item.key))] = problem;
      });
    }
    draft.shots.forEach((shot, index) => {
      for (const [field, message] of Object.entries(shotProblems(shot))) errors[S.fieldName(index, field)] = message;
      const problem = S.checkImage(shot.image && shot.image.file, state.caps);
      if (problem) errors[S.fieldName(index, "image")] = problem;
    });
    return errors;
  };

  /** The same for the single clip. */
  S.validateClip = function (state) {
    const draft = state.clipMode.draft;
    const errors = {};
    if (!draft.prompt.trim()) errors.prompt = "Write a prompt: what should the clip show?";
    const problem = S.checkImage(draft.image && draft.image.file, state.caps);
    if (problem) errors.input_reference = problem;
    return errors;
  };

  /**
   * The body of POST /api/generate (and, with `named`, of a preview) and its pictures:
   * [{upload, key, file}], e.g. {upload: "cast_ray", key: "cast:ray"}. `named` leaves out the cast
   * members and locations that have no name yet, so a half-written one does not hold the preview up.
   */
  S.sequenceBody = function (state, { named = false } = {}) {
    const { draft, settings } = state.sequenceMode;
    const ids = S.storyIds(draft);
    const pictures = [];
    const story = {};
    for (const kind of S.STORY_KINDS) {
      const items = draft[kind].filter((item) => !named || item.name.trim());
      story[kind] = items.map((item) => {
        const id = ids[kind].get(item.key);
        if (item.image) {
          pictures.push({ upload: S.pictureField(kind, id), key: `${PREFIX[kind]}:${id}`, file: item.image.file });
        }
        return { id, name: item.name.trim(), description: item.description.trim() };
      });
      ids[kind] = new Map(items.map((item) => [item.key, ids[kind].get(item.key)]));
    }
    const number = new Map(draft.shots.map((shot, index) => [shot.id, index + 1]));
    const shots = draft.shots.map((shot, index) => {
      const n = index + 1;
      if (shot.image) pictures.push({ upload: `reference_${n}`, key: `shot:${n}`, file: shot.image.file });
      const prompt = shot.prompt === null ? "" : shot.prompt.trim();
      return {
        character: shot.character.trim(),
        environment: shot.environment.trim(),
        lighting_camera: shot.lighting_camera.trim(),
        dialog: shot.dialog.trim(),
        cast: shot.cast.map((key) => ids.cast.get(key)).filter(Boolean),
        location: ids.locations.get(shot.location) || null,
        seconds: shot.seconds || null,
        continuity: shot.newScene ? "new_scene" : "auto",
        continue_from: shot.continueFrom === null ? null : number.get(shot.continueFrom) || null,
        prompt: prompt || null,
      };
    });
    const payload = {
      title: (draft.title || "").trim(),
      shots,
      cast: story.cast,
      locations: story.locations,
      ...choices(settings),
      continuity: settings.continuity || "remix",
      approve_keyframes: settings.continuity === "keyframes" && settings.approveKeyframes !== false,
    };
    return { payload, pictures };
  };

  /** The JSON payload of POST /api/generate and a Map of upload name to File. */
  S.sequenceRequest = function (state) {
    const { payload, pictures } = S.sequenceBody(state);
    return { payload, uploads: new Map(pictures.map((picture) => [picture.upload, picture.file])) };
  };

  /** The body of POST /api/preview: the draft, with the pictures named rather than sent. */
  S.previewRequest = function (state) {
    const { payload, pictures } = S.sequenceBody(state, { named: true });
    return { ...payload, pictures: pictures.map((picture) => picture.key) };
  };

  /** The form fields of POST /api/v1/videos/generate and the starting image (or null). */
  S.clipRequest = function (state) {
    const { draft, settings } = state.clipMode;
    return { fields: { prompt: draft.prompt.trim(), ...choices(settings) }, image: draft.image && draft.image.file };
  };

  /**
   * The estimate of the shot list: one request per length the shots have (the studio prices a length at a
   * time), each with the dialog of its shots; `shots` says which shots each one holds.
   */
  S.sequenceEstimate = function (state) {
    const { draft, settings } = state.sequenceMode;
    const groups = new Map();
    draft.shots.forEach((shot, index) => {
      const seconds = shot.seconds || settings.seconds;
      if (!groups.has(seconds)) groups.set(seconds, []);
      groups.get(seconds).push(index);
    });
    return [...groups].map(([seconds, indices]) => ({
      body: {
        ...choices({ ...settings, seconds }),
        continuity: settings.continuity || null, // keyframes: one still per shot, priced apart (stills_usd)
        shots: indices.map((i) => ({ dialog: draft.shots[i].dialog })),
      },
      shots: indices,
    }));
  };

  /** The estimate of one clip: one element in `shots`. */
  S.clipEstimate = (state) => [{ body: { ...choices(state.clipMode.settings), shots: [{}] }, shots: null }];
})(window.Studio);
