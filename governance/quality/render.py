"""How the project's own expectations read in Great Expectations' Data Docs.

An expectation without a prescriptive renderer is shown as its raw keyword arguments
(``expect_... (**{'column': 'content'})``); these give each a sentence, as GE's own
expectations have. Only the suite's kwargs (column names, bounds) are rendered: a
canary string is never among the kwargs a Data Docs page is built from.
"""

from __future__ import annotations

from typing import Any

from great_expectations.render.components import RenderedStringTemplateContent
from great_expectations.render.util import num_to_str


def sentence(template: str, params: dict[str, Any], styling: Any) -> list[Any]:
    return [
        RenderedStringTemplateContent(
            content_block_type="string_template",
            string_template={"template": template, "params": params, "styling": styling},
        )
    ]


def residual_pii(kwargs: dict[str, Any], styling: Any) -> list[Any]:
    params = {"column": kwargs.get("column"), "mostly": kwargs.get("mostly")}
    template = (
        "$column values must hold no residual personal data (e-mail, phone, card, IBAN, "
        "SSN, DNI/NIE, IPv4) and no planted canary"
    )
    mostly = params["mostly"]
    if isinstance(mostly, int | float) and mostly < 1.0:
        params["mostly_pct"] = num_to_str(mostly * 100, no_scientific=True)
        template += ", at least $mostly_pct % of the time"
    return sentence(template + ".", params, styling)


def nonzero_share(kwargs: dict[str, Any], styling: Any) -> list[Any]:
    params = {key: kwargs.get(key) for key in ("column", "min_value", "max_value", "min_rows")}
    low, high = params["min_value"], params["max_value"]
    if low is not None and high is not None:
        bounds = "between $min_value and $max_value"
    elif low is not None:
        bounds = "at least $min_value"
    elif high is not None:
        bounds = "at most $max_value"
    else:
        bounds = "anything"
    template = f"the share of non-zero $column values must be {bounds}"
    if params["min_rows"]:
        template += ", checked once the column has $min_rows values"
    return sentence(template + ".", params, styling)
