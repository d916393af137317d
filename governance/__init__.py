"""Governed corpora for RAG and fine-tuning: ingest, pseudonymize, validate, publish, trace."""

from governance import _offline

_offline.apply()

__version__ = "0.1.0"
