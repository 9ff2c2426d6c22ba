/* The draft as the API wants it: checks before sending, the request body, and where errors go. */
(function (S) {
  "use strict";

  const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];
  const REQUIRED = {
    character: "Describe the character: who is in this shot?",
    environment: "Describe the environment: where does this shot happen?",
  };

  /** The same field names the server uses, e.g. "shots[0].character" or "reference_2". */
  S.fieldName = (index, field) => (field === "reference" ? `reference_${index + 1}` : `shots[${index}].${field}`);

  /** Return {field: message} for everything the server would refuse that we can see already. */
  S.validateDraft = function (state) {
    const errors = {};
    state.shots.forEach((shot, index) => {
      for (const [field, message] of Object.entries(REQUIRED)) {
        if (!shot[field].trim()) errors[S.fieldName(index, field)] = message;
      }
      const problem = S.checkImage(shot.reference, state.caps);
      if (problem) errors[S.fieldName(index, "reference")] = problem;
    });
    return errors;
  };

  /** Say what is wrong with a chosen reference image, or return null. */
  S.checkImage = function (file, caps) {
    if (!file) return null;
    if (!IMAGE_TYPES.includes(file.type)) return "Choose a PNG, JPEG or WebP image.";
    const limit = caps ? caps.max_file_size : 10 * 1024 * 1024;
    if (file.size > limit) return `The image is larger than ${Math.floor(limit / (1024 * 1024))} MiB.`;
    return null;
  };

  /** Return the JSON payload and a Map of shot number to reference File. */
  S.buildRequest = function (state) {
    const settings = state.settings;
    const payload = {
      shots: state.shots.map((shot) => ({
        character: shot.character.trim(),
        environment: shot.environment.trim(),
        lighting_camera: shot.lighting_camera.trim(),
        dialog: shot.dialog.trim(),
      })),
      model: settings.model || null,
      size: settings.size || null,
      seconds: settings.seconds || null,
      style: settings.style || null,
      continuity: settings.continuity || "remix",
    };
    const references = new Map();
    state.shots.forEach((shot, index) => {
      if (shot.reference) references.set(index + 1, shot.reference);
    });
    return { payload, references };
  };

  /** The body of an estimate request for the current draft. */
  S.estimateRequest = function (state) {
    const { model, size, seconds, style } = state.settings;
    return {
      model: model || null,
      size: size || null,
      seconds: seconds || null,
      style: style || null,
      shots: state.shots.map((shot) => ({ dialog: shot.dialog })),
    };
  };

  /**
   * Put each message in the slot named by its field ([data-error-for]); messages without a slot
   * go to the form's own slot. Inputs described by a slot get aria-invalid.
   */
  S.renderErrors = function (root, errors, formSlotName) {
    const leftovers = [];
    for (const slot of S.findAll("[data-error-for]", root)) {
      const message = errors[slot.dataset.errorFor] || "";
      slot.textContent = message;
      slot.hidden = !message;
      const input = slot.id ? S.find(`[aria-describedby~="${slot.id}"]`, root) : null;
      if (input && message) input.setAttribute("aria-invalid", "true");
      else if (input) input.removeAttribute("aria-invalid");
    }
    for (const [field, message] of Object.entries(errors)) {
      if (!S.find(`[data-error-for="${CSS.escape(field)}"]`, root)) leftovers.push(message);
    }
    const formSlot = S.find(`[data-form-error="${formSlotName}"]`, root);
    if (formSlot) {
      formSlot.textContent = leftovers.join(" ");
      formSlot.hidden = leftovers.length === 0;
    }
  };
})(window.Studio);
