"""`shot-studio`: run, estimate, list and export storyboards from a terminal or a script."""
