"""English internal documents. Slots: ``{p1}``..``{p5}`` employees (with ``_email``,
``_phone``, ``_first``), ``{office}`` an office street line, ``{office_city}``,
``{ip}`` an IP address and ``{date}`` a fixed date (not personal data)."""

from __future__ import annotations

from governance.demo.templates import DocTemplate

DOCS_EN = (
    DocTemplate(
        kind="minutes",
        title="Weekly operations meeting, {date}",
        sections=(
            ("Attendees", ("- {p1} (chair)", "- {p2}", "- {p3}", "- {p4} (notes)")),
            (
                "Decisions",
                (
                    "The support backlog is down to 42 tickets. {p2} will publish the new "
                    "escalation rota by Friday.",
                    "Desk bookings at {office}, {office_city} move to the new tool next month.",
                ),
            ),
            (
                "Action items",
                (
                    "- {p3}: confirm the vendor contract with legal.",
                    "- {p1_first}: share the Q3 budget draft.",
                    "- {p4}: send the minutes to the team ({p4_email}).",
                ),
            ),
        ),
    ),
    DocTemplate(
        kind="onboarding",
        title="Onboarding notes for new support engineers",
        sections=(
            (
                "Your first week",
                (
                    "Welcome to Acme Corp! Your buddy is {p1}, reachable at {p1_phone} or "
                    "{p1_email}. Collect your badge from reception at {office}.",
                ),
            ),
            (
                "Who to ask",
                (
                    "- Laptops and accounts: {p2} ({p2_email})",
                    "- Payroll and benefits: {p3}, phone {p3_phone}",
                    "- Building access after hours: {p4}",
                ),
            ),
            ("Tips", ("Team lunch is on Thursdays. {p5} keeps the calendar up to date.",)),
        ),
    ),
    DocTemplate(
        kind="project-plan",
        title="Project plan: customer portal migration",
        sections=(
            (
                "Summary",
                (
                    "We move the customer portal to the new platform before the end of the "
                    "quarter. Sponsor: {p1}. Project manager: {p2} ({p2_phone}).",
                ),
            ),
            (
                "Milestones",
                (
                    "- Design review on {date}, led by {p3}",
                    "- Data migration dry run, owned by {p4}",
                    "- Go-live, approved by {p1}",
                ),
            ),
            (
                "Risks",
                (
                    "Legacy exports may contain unmasked customer data. {p5} ({p5_email}) "
                    "reviews every export before it leaves the data room at {office}.",
                ),
            ),
        ),
    ),
    DocTemplate(
        kind="incident",
        title="Incident report: suspicious logins on {date}",
        sections=(
            (
                "What happened",
                (
                    "At 02:14 the monitoring system flagged 312 failed logins from {ip}. "
                    "{p1} was on call and blocked the address at 02:31.",
                ),
            ),
            (
                "Impact",
                (
                    "One account, belonging to {p2} ({p2_email}), was locked. No data left "
                    "the network.",
                ),
            ),
            (
                "Follow-up",
                (
                    "- {p3} rotates the affected credentials.",
                    "- {p1_first} calls {p2_first} at {p2_phone} to restore access.",
                    "- {p4} reviews firewall rules for the {office_city} office.",
                ),
            ),
        ),
    ),
    DocTemplate(
        kind="office-guide",
        title="Office guide: {office_city}",
        sections=(
            (
                "Address",
                ("Our office is at {office}, {office_city}, on the fourth floor.",),
            ),
            (
                "Contacts",
                (
                    "- Facilities manager: {p1}, {p1_phone}",
                    "- First aid: {p2} and {p3}",
                    "- Mailroom: {p4} ({p4_email})",
                ),
            ),
            (
                "Visitors",
                ("Register visitors with {p5} at least a day ahead.",),
            ),
        ),
    ),
)
