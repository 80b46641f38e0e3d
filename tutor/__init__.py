"""Composition root: the `tutor` command wires core, api, bot and jobs into processes."""
