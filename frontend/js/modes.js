/* The two ways to work, as tabs: a sequence from a shot list, or a single clip from one prompt. */
(function (S) {
  "use strict";

  const MODES = {
    sequence: {
      help: "A shot list whose shots stay consistent, stitched into one video.",
      skip: ["#compose-title", "Skip to the shot list"],
    },
    clip: {
      help: "One prompt, one clip; remix any finished clip from the library.",
      skip: ["#clip-title", "Skip to the clip form"],
    },
  };

  /** Wire the tabs (click, arrow keys, Home, End) and show the panel of the current mode. */
  S.mountModes = function (store) {
    const list = S.find("[data-mode-tabs]");
    const tabs = S.findAll('[role="tab"]', list);
    const help = S.find("[data-mode-help]");
    const skip = S.find("[data-skip-link]");

    function render() {
      const mode = store.state.mode;
      for (const tab of tabs) {
        const selected = tab.dataset.mode === mode;
        tab.setAttribute("aria-selected", String(selected));
        tab.tabIndex = selected ? 0 : -1;
      }
      for (const panel of S.findAll("[data-mode-panel]")) panel.hidden = panel.dataset.modePanel !== mode;
      help.textContent = MODES[mode].help;
      skip.setAttribute("href", MODES[mode].skip[0]);
      skip.textContent = MODES[mode].skip[1];
    }

    list.addEventListener("click", (event) => {
      const tab = event.target.closest('[role="tab"]');
      if (tab) store.setMode(tab.dataset.mode);
    });

    list.addEventListener("keydown", (event) => {
      const index = tabs.indexOf(document.activeElement);
      if (index < 0) return;
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
      store.setMode(next.dataset.mode);
      next.focus();
    });

    store.watch(["mode"], render);
    render();
  };
})(window.Studio);
