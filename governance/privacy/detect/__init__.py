"""Detection: finding personal data in text (the ``detect`` step of a batch).

``analyzer.py`` is the entry point (``Detector``, built once per worker from the
policy); ``engine.py`` runs one language's recognizers over raw text; ``nlp.py`` and
``ner_view.py`` run spaCy's NER; ``recognizers/`` holds the project's recognizers and
``custom.py`` the policy's; ``catalog.py`` says which recognizers serve which entity
type; ``propagate.py``, ``lists.py`` and ``context_rules.py`` extend findings inside a
document; ``plausible.py`` filters what small NER models tag.
"""
