/* The single clip's form: the prompt and the starting image (its choices are js/options.js). */
(function (S) {
  "use strict";

  /** Wire the clip form's own fields to the store; the workspace sends it. */
  S.mountClipForm = function (store, form) {
    const prompt = S.find("[data-clip-prompt]", form);
    const slot = S.find("[data-image-field]", form);
    const where = () => ({
      mode: "clip",
      field: "input_reference",
      image: store.of("clip").draft.image,
      attach: (file) => store.setImage("clip", file),
    });

    function renderImage() {
      const image = store.of("clip").draft.image;
      const field = S.imageField({
        id: "clip-image",
        image,
        label: "Starting image",
        help: "A reference the clip starts from: PNG, JPEG or WebP, fitted to the frame size.",
        errorFor: "input_reference",
        alt: "Starting image of the clip",
        removeLabel: "Remove the starting image",
      });
      S.keepFocus(slot, () => slot.replaceChildren(field));
      S.restoreImage(S.find("#clip-image", slot), image);
      S.renderMessages(form, store.of("clip"), "clip");
    }

    prompt.addEventListener("input", () => {
      store.setText("clip", "prompt", prompt.value);
      if (store.of("clip").errors.prompt && prompt.value.trim()) store.setError("clip", "prompt", null);
    });
    S.mountImagePicker(store, slot, where);

    store.watch(["image"], renderImage, "clip");
    renderImage();
  };
})(window.Studio);
