/* Each mode's draft as the API wants it: the checks before sending, the request, the estimate's body. */
(function (S) {
  "use strict";

  const REQUIRED = {
    character: "Describe the character: who is in this shot?",
    environment: "Describe the environment: where does this shot happen?",
  };

  /** The same field names the server uses, e.g. "shots[0].character" or "reference_2". */
  S.fieldName = (index, field) => (field === "image" ? `reference_${index + 1}` : `shots[${index}].${field}`);

  /** The choices both modes send, null where the studio's default applies. */
  function choices(settings) {
    const { model, size, seconds, style } = settings;
    return { model: model || null, size: size || null, seconds: seconds || null, style: style || null };
  }

  /** Return {field: message} for everything the server would refuse in the shot list that we can see already. */
  S.validateSequence = function (state) {
    const errors = {};
    state.sequenceMode.draft.shots.forEach((shot, index) => {
      for (const [field, message] of Object.entries(REQUIRED)) {
        if (!shot[field].trim()) errors[S.fieldName(index, field)] = message;
      }
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

  /** The JSON payload of POST /api/generate and a Map of shot number to reference File. */
  S.sequenceRequest = function (state) {
    const { draft, settings } = state.sequenceMode;
    const payload = {
      shots: draft.shots.map((shot) => ({
        character: shot.character.trim(),
        environment: shot.environment.trim(),
        lighting_camera: shot.lighting_camera.trim(),
        dialog: shot.dialog.trim(),
      })),
      ...choices(settings),
      continuity: settings.continuity || "remix",
    };
    const references = new Map();
    draft.shots.forEach((shot, index) => {
      if (shot.image) references.set(index + 1, shot.image.file);
    });
    return { payload, references };
  };

  /** The form fields of POST /api/v1/videos/generate and the starting image (or null). */
  S.clipRequest = function (state) {
    const { draft, settings } = state.clipMode;
    return { fields: { prompt: draft.prompt.trim(), ...choices(settings) }, image: draft.image && draft.image.file };
  };

  /** The body of an estimate request for the shot list: the dialog says how long each shot must be. */
  S.sequenceEstimate = function (state) {
    const { draft, settings } = state.sequenceMode;
    return { ...choices(settings), shots: draft.shots.map((shot) => ({ dialog: shot.dialog })) };
  };

  /** The estimate of one clip: one element in `shots`. */
  S.clipEstimate = (state) => ({ ...choices(state.clipMode.settings), shots: [{}] });
})(window.Studio);
