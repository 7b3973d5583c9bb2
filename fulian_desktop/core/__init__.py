"""Pure-Python core: templates, drafts, validation, composition. Never imports Qt."""
