/* The single-clip form: prompt, starting image, checks before sending, the request, errors. */
(function (S) {
  "use strict";

  const el = S.el;

  /** Return {field: message} for what the studio would refuse that we can see already. */
  S.validateClip = function (state) {
    const errors = {};
    if (!state.clipDraft.prompt.trim()) errors.prompt = "Write a prompt: what should the clip show?";
    const problem = S.checkImage(state.clipDraft.image, state.caps);
    if (problem) errors.input_reference = problem;
    return errors;
  };

  /** Return the form fields of POST /api/v1/videos/generate and the starting image (or null). */
  S.buildClipRequest = function (state) {
    const { model, size, seconds, style } = state.clipSettings;
    const fields = {
      prompt: state.clipDraft.prompt.trim(),
      model: model || null,
      size: size || null,
      seconds: seconds || null,
      style: style || null,
    };
    return { fields, image: state.clipDraft.image };
  };

  /** The estimate of one clip: one element in `shots`. */
  S.clipEstimateRequest = function (state) {
    const { model, size, seconds, style } = state.clipSettings;
    return { model: model || null, size: size || null, seconds: seconds || null, style: style || null, shots: [{}] };
  };

  /** A rebuilt or reset file input forgets its file; hand it back so the input names what is attached. */
  function showChosenFile(input, file) {
    if (typeof DataTransfer !== "function") return;
    try {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
    } catch (err) {
      // Older browsers cannot set files: the preview still shows the image.
    }
  }

  /** Wire the clip form to the store; onSubmit() is the app's "generate clip" action. */
  S.mountClipForm = function (store, form, { onSubmit }) {
    const prompt = S.find("[data-clip-prompt]", form);
    const image = S.find("[data-clip-image]", form);
    const preview = S.find("[data-clip-image-preview]", form);
    const button = S.find("[data-clip-generate]", form);
    const hint = S.find("[data-clip-hint]", form);

    function renderImage() {
      const { image: file, preview: url } = store.state.clipDraft;
      if (!file) {
        preview.replaceChildren();
        return;
      }
      preview.replaceChildren(
        el(
          "figure",
          { class: "ref-preview" },
          el("img", { src: url, alt: "Starting image of the clip" }),
          el(
            "figcaption",
            {},
            el("span", { class: "ref-name", text: file.name }),
            el("button", {
              type: "button",
              class: "btn small ghost",
              dataset: { action: "remove-clip-image" },
              "aria-label": "Remove the starting image",
              text: "Remove image",
            })
          )
        )
      );
    }

    function renderButton() {
      const { clipSubmitting, clip, caps } = store.state;
      S.renderSubmit(button, hint, {
        sending: clipSubmitting,
        running: S.isBusyVideo(clip),
        ready: Boolean(caps),
        sendingText: "Sending the prompt…",
        runningText: "Generating… see the Clip panel.",
      });
    }

    prompt.addEventListener("input", () => {
      store.setClipPrompt(prompt.value);
      if (store.state.clipErrors.prompt && prompt.value.trim()) store.setClipError("prompt", null);
    });

    image.addEventListener("change", () => {
      const file = image.files[0] || null;
      const current = store.state.clipDraft.image;
      if (!file && current) {
        showChosenFile(image, current); // a cancelled picker keeps the image; "Remove image" drops it
        return;
      }
      const problem = S.checkImage(file, store.state.caps);
      store.setClipError("input_reference", problem);
      if (problem) image.value = "";
      else store.setClipImage(file);
    });

    preview.addEventListener("click", (event) => {
      if (!event.target.closest('[data-action="remove-clip-image"]')) return;
      store.setClipImage(null);
      store.setClipError("input_reference", null);
      image.value = "";
      image.focus();
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onSubmit();
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });

    store.addEventListener("change", (event) => {
      const kind = event.detail.kind;
      if (kind === "clipImage") renderImage();
      if (kind === "clipErrors") S.renderErrors(form, store.state.clipErrors, "clip");
      if (["clipSubmitting", "clip", "caps", "connection"].includes(kind)) renderButton();
    });
    renderImage();
    renderButton();
  };
})(window.Studio);
