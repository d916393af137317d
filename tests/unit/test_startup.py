"""What a process imports, and when: start-up is paid by every run and every worker.

Each check runs in a fresh interpreter, since this one has imported everything already.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = "('presidio_analyzer', 'spacy', 'torch', 'transformers', 'great_expectations')"


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; import governance._offline\n{code}"],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    return out.stdout.strip()


def test_the_flow_loads_a_policy_without_the_detection_and_quality_stacks() -> None:
    out = _run(
        "import flows.govern\n"
        "from governance.policy.load import load_policy\n"
        "load_policy('policies/default.yaml')\n"
        f"print(sorted(m for m in {HEAVY} if m in sys.modules))"
    )
    assert out == "[]"


def test_presidio_loads_without_transformers_which_stays_importable() -> None:
    out = _run(
        "from governance.privacy.detect.lean import import_presidio\n"
        "import_presidio()\n"
        "print('presidio_analyzer' in sys.modules, 'presidio_anonymizer' in sys.modules,"
        " 'transformers' in sys.modules)\n"
        "import transformers\n"
        "print(transformers.__name__)"
    )
    assert out.splitlines() == ["True True False", "transformers"]


def test_great_expectations_is_imported_in_the_background() -> None:
    out = _run(
        "from governance.quality.docs import import_in_background\n"
        "print('great_expectations' in sys.modules)\n"
        "import_in_background().join()\n"
        "print('great_expectations' in sys.modules)"
    )
    assert out.splitlines() == ["False", "True"]
