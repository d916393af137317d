"""Build-time check of the worker image: every model the policy names loads offline, and
every flow prefect.yaml deploys imports. Exit 2 with the reason otherwise.

    python docker/check_image.py policies/default.yaml
"""

from __future__ import annotations

import sys

import governance  # noqa: F401  (offline settings first)


def main(policies: list[str]) -> int:
    import spacy

    from flows.deployments import load_specs
    from governance.errors import GovernanceError
    from governance.policy import load_policy
    from governance.privacy.detect.nlp import model_location

    try:
        for path in policies:
            for lang, language in load_policy(path).languages.items():
                spacy.load(model_location(language.model))
                print(f"{path}: {lang} model {language.model} loads")
        for spec in load_specs():
            print(f"deployment {spec.name}: flow {spec.load_flow().name} imports")
    except (GovernanceError, OSError, ImportError) as exc:
        print(f"check_image: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["policies/default.yaml"]))
