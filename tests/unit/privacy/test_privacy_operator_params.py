"""Operators as a family: each declares its parameters, a policy gives them next to the
operator's name, they are checked when the policy loads and used by the transform."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from governance.policy.checks import operator_params_issues
from governance.policy.model import Target
from governance.privacy.transform.keys import Key
from governance.privacy.transform.operators import OPERATORS, Pseudonymizer
from governance.privacy.transform.rewrite import transform
from governance.records import Finding

PS = Pseudonymizer(Key(b"k" * 32, "test"), "test")


def _run(operator: str, value: str, entity: str, **params: object) -> str:
    op = OPERATORS[operator]
    return op(value, entity, "en", PS, op.bind(params))


@pytest.mark.parametrize(
    ("operator", "value", "entity", "params", "expected"),
    [
        ("generalize", "aged 67", "AGE", {"age_band": 5}, "65-69"),
        ("generalize", "67", "AGE", {}, "60-69"),
        ("generalize", "93 years", "AGE", {"age_top": 90}, "90+"),
        ("generalize", "89", "AGE", {"age_top": 90}, "80-89"),
        ("generalize", "12/03/1987", "DATE_TIME", {"date": "decade"}, "1980s"),
        ("generalize", "12/03/1987", "DATE_TIME", {}, "1987"),
        ("mask", "4111 1111 1111 1234", "CREDIT_CARD", {"char": "#", "keep_last": 2}, "#### #### #### ##34"),
        ("mask", "4111 1111 1111 1234", "CREDIT_CARD", {}, "**** **** **** 1234"),
        ("mask", "Ana", "PERSON", {"keep_last": 8}, "Ana"),
        ("redact", "Ana", "PERSON", {"label": "<{entity} removed>"}, "<PERSON removed>"),
        ("redact", "Ana", "PERSON", {}, "[PERSON]"),
    ],
)  # fmt: skip
def test_parameters_change_what_a_value_becomes(
    operator: str, value: str, entity: str, params: dict[str, object], expected: str
) -> None:
    assert _run(operator, value, entity, **params) == expected


def test_no_parameters_means_the_defaults() -> None:
    for op in OPERATORS.values():
        assert op("67", "AGE", "en", PS) == op("67", "AGE", "en", PS, op.bind({}))


@pytest.mark.parametrize(
    ("operator", "params", "fragment"),
    [
        ("generalize", {"age_band": 0}, "greater than or equal to 2"),
        ("generalize", {"date": "month"}, "'year' or 'decade'"),
        ("mask", {"char": "**"}, "at most 1 character"),
        ("pseudonym", {"length": 8}, "Extra inputs are not permitted"),
    ],
)
def test_bad_parameters_are_refused(
    operator: str, params: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ValidationError, match=fragment):
        OPERATORS[operator].bind(params)


def test_policy_check_names_the_parameter_and_what_is_allowed() -> None:
    loc = ("targets", "t", "operators", "AGE")
    [unknown] = operator_params_issues(loc, "generalize", {"band": 5})
    assert unknown.loc == (*loc, "band") and unknown.at_key
    assert "unknown parameter 'band' for operator 'generalize'" in unknown.message
    assert unknown.hint == "did you mean age_band?"
    [none] = operator_params_issues(loc, "drop", {"reason": "x"})
    assert none.hint == "it takes none"
    [bad] = operator_params_issues(loc, "generalize", {"age_top": "ninety"})
    assert bad.loc == (*loc, "age_top") and bad.message.startswith("found 'ninety': ")
    assert not list(operator_params_issues(loc, "generalize", {"age_band": 5, "age_top": 90}))


def test_transform_uses_the_policy_parameters() -> None:
    target = Target.model_validate(
        {
            "kind": "finetune",
            "operators": {
                "default": "redact",
                "AGE": {"operator": "generalize", "age_band": 5, "age_top": 90},
                "CREDIT_CARD": {"operator": "mask", "char": "X"},
            },
        }
    )
    text = "Ages 67 and 95; card 4111 1111 1111 1234; Ana."
    found = [
        Finding("AGE", 5, 7, 0.9, "age"),
        Finding("AGE", 12, 14, 0.9, "age"),
        Finding("CREDIT_CARD", 21, 40, 0.9, "card"),
        Finding("PERSON", 42, 45, 0.9, "ner"),
    ]
    out = transform(text, found, target, "en", PS)
    assert out.text == "Ages 65-69 and 90+; card XXXX XXXX XXXX 1234; [PERSON]."
    assert out.counts[("AGE", "generalize", "age")] == 2


def test_a_policy_with_operator_parameters_loads_and_explains(tmp_path: Path) -> None:
    from governance.policy import load_policy
    from governance.policy.explain import treatments

    root = Path(__file__).resolve().parents[3] / "policies" / "default.yaml"
    text = root.read_text(encoding="utf-8").replace(
        "AGE: generalize}", "AGE: {operator: generalize, age_band: 5, age_top: 90}}"
    )
    assert "age_top" in text
    (tmp_path / "policy.yaml").write_text(text, encoding="utf-8")
    policy = load_policy(tmp_path / "policy.yaml")
    assert policy.targets["finetune"].operator("AGE") == "generalize"
    assert policy.targets["finetune"].operator_params("AGE") == {"age_band": 5, "age_top": 90}
    shown = {t.operator for t in treatments(policy) if t.entity == "AGE" and t.target == "finetune"}
    assert shown == {"generalize(age_band=5, age_top=90)"}
