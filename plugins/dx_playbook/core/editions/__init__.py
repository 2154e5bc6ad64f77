"""Municipal editions (issue 21): a town's playbook built on top of ours, without a fork.

An edition is a folder, ``editions/<slug>/``:

* ``edition.yml``: the town's name in each language, its short name, colour, logo, contacts and
  links, and the languages it publishes (:mod:`.edition_file`);
* ``<lang>/principles/<principle-id>.md``: an overlay of one of our principles: the town's own
  examples under our sections, its own checklist items (IDs namespaced ``<slug>--<id>``, so
  they never collide with ours), items of ours it leaves out, or the whole principle, with the
  reason shown to its readers (:mod:`.overlays`);
* ``<lang>/pages/<name>.md``: pages of the town's own, published at ``<slug>/<name>/``
  (:mod:`.pages`).

:mod:`.upgrades` tells which overlays to review when a new version of the playbook changes a
section they extend.

Overlays refer to our IDs and never copy our text. :func:`.apply.apply_edition` merges them into
the site model before validation, so that every page, export, handout and index sees the one
merged playbook through the code paths of the plain one. Nothing here imports MkDocs.
"""
