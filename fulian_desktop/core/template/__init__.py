"""Report templates as data: the pydantic models of ``template.yaml``
(``model``, with the 自评表 part in ``scoresheet_spec``), loading it within
limits (``loading``) and the cross-reference checks (``checks``), the built-in
and user templates (``registry``), safe Decimal expressions (``expressions``)
and the jinja2 sentences with their sandbox (``snippets``, ``sandbox``).

May import ``core.text`` (and ``fulian_desktop.paths`` for the registry's
folders); nothing about drafts.
"""
