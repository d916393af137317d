"""English texts of the demo company (Acme Corp, the US side of Acme Iberia)."""

from __future__ import annotations

from governance.demo.docs_en import DOCS_EN
from governance.demo.templates import LanguagePack, MailTemplate, TicketTemplate

NOTES = (
    "Mentored by {m} during the first quarter.",
    "Covers for {m} when the team lead is away.",
    "Moved from the Denver office in spring.",
    "Prefers email over phone for scheduling.",
    "Completed the security awareness course.",
    "Shares the on-call rotation with {m}.",
    "Reports to {m}; quarterly review pending.",
    "Part-time until further notice.",
    "Working remotely; badge returned to {m}.",
    "Promoted after the Lisbon migration project.",
)

TICKETS = (
    TicketTemplate(
        subject="Charged twice for order {order}",
        bodies=(
            "Hello,\n\nMy name is {c} and I was charged twice for order {order}. I paid with my "
            "card {card} and both charges show on my statement.\n\nPlease refund the duplicate. "
            "You can reach me at {c_phone} or {c_email}.\n\nThanks,\n{c}",
            "Hi there, I just noticed two identical charges for order {order} on card {card}. "
            "Could you look into it? Call me at {c_phone} if you need anything. - {c}",
        ),
        replies=(
            "Hi {c_first},\n\nThanks for reaching out. I've refunded the duplicate charge for "
            "order {order}; it should show within five business days.\n\nKind regards,\n{a}\n"
            "Acme Customer Support",
            "Dear {c},\n\nSorry about that. The second charge was a processing error and has been "
            "reversed.\n\nBest,\n{a} ({a_email})",
        ),
    ),
    TicketTemplate(
        subject="Please update my shipping address",
        bodies=(
            "Hi support, I moved to {c_street}, {c_city} last month and my invoices still go to "
            "the old address. Please update my account ({c_email}). Phone: {c_phone}.\n\n{c}",
            "Hello, this is {c}. New address: {c_street}, {c_city}. Please send future orders "
            "there. My email is {c_email} in case you need to confirm.",
        ),
        replies=(
            "Hello {c_first},\n\nDone: your account now lists {c_street} as the shipping "
            "address.\n\nBest regards,\n{a}",
            "Hi {c},\n\nI have updated your details as requested. If anything else looks wrong, "
            "call me directly at {a_phone}.\n\nCheers,\n{a}",
        ),
    ),
    TicketTemplate(
        subject="Account locked after login attempts",
        bodies=(
            "I can't log in since yesterday. The portal says my account was locked after too many "
            "attempts from {ip}, but that is not my IP address. Can someone call me at {c_phone}?"
            "\n\nRegards,\n{c} ({c_email})",
            "Hello, my account ({c_email}) got locked. The alert mentions a sign-in from {ip}. "
            "I live at {c_street}, {c_city} and have never used that network.\n{c}",
        ),
        replies=(
            "Hello {c_first}, I'm {a} from the support team. I've unlocked your account and "
            "blocked {ip}. Please change your password the next time you sign in.\n\n{a}",
            "Hi {c}, thanks for flagging this. The account is unlocked and our security team has "
            "been notified. My colleague {a2} will follow up if we need more details.\n\n{a}",
        ),
    ),
    TicketTemplate(
        subject="Package for order {order} never arrived",
        bodies=(
            "Good morning, this is {c}. The package for order {order} never arrived at "
            "{c_street}, {c_city}, although tracking says it was delivered. I'd like a "
            "replacement or a refund to my card {card}. Email: {c_email}",
            "Hi, order {order} shows as delivered but nothing came. My address is {c_street}, "
            "{c_city}. Please call {c_phone}. Thank you, {c}",
        ),
        replies=(
            "Hi {c}, sorry for the trouble. I've opened a claim with the carrier and my colleague "
            "{a2} will call you at {c_phone} tomorrow.\n\nRegards,\n{a}",
            "Dear {c_first},\n\nA replacement for order {order} ships today to {c_street}.\n\n"
            "Kind regards,\n{a}\nAcme Customer Support",
        ),
    ),
    TicketTemplate(
        subject="Cancel subscription and refund balance",
        bodies=(
            "Dear Acme team, I would like to cancel my subscription and have the remaining "
            "balance transferred to my account {c_iban}. My phone is {c_phone}.\n\nBest,\n{c}",
            "Please close my account ({c_email}) and refund the credit to IBAN {c_iban}. "
            "Account holder: {c}.",
        ),
        replies=(
            "Hello {c_first},\n\nYour subscription is cancelled and the balance will be "
            "transferred within ten days.\n\nAll the best,\n{a}",
            "Dear {c},\n\nWe have processed the cancellation. If you change your mind, write to "
            "{a_email}.\n\nSincerely,\n{a}",
        ),
    ),
    TicketTemplate(
        subject="Colleague cannot access the shared workspace",
        bodies=(
            "Hi, I'm writing on behalf of my colleague {c2} ({c2_email}), who cannot open the "
            "shared workspace. Our office is at {c_street}, {c_city}. I can be reached at "
            "{c_phone}.\n\n{c}",
            "Hello support, {c2} joined our team this week and still has no access. Please add "
            "{c2_email} to the workspace. Thanks, {c} ({c_phone})",
        ),
        replies=(
            "Hi {c_first},\n\n{c2} now has access to the workspace. Invitations can take a few "
            "minutes to arrive.\n\nBest,\n{a}",
            "Hello {c},\n\nI've sent a new invitation to {c2_email}. If it doesn't arrive, "
            "contact {a2} on our team.\n\nRegards,\n{a}",
        ),
    ),
)

MAILS = (
    MailTemplate(
        subject="Onboarding next Monday",
        body="Hi {r_first},\n\nFollowing up on our call: {x} will join the onboarding session on "
        "Monday at 9:30. You can reach {x_first} at {x_phone} or {x_email}.\n\nThe session is in "
        "the main office, {office}.\n\nThanks,\n{s}\n{s_phone}",
    ),
    MailTemplate(
        subject="Invoice dispute follow-up",
        body="Hello {r},\n\nI spoke with {y} from accounts payable this morning. The disputed "
        "invoice will be credited this week. If you need the details, call {y_first} at "
        "{y_phone}.\n\nBest regards,\n{s}",
    ),
    MailTemplate(
        subject="Office move logistics",
        body="Hi all,\n\nWe are moving to {office} on the 15th. Please send desk requests to "
        "{x} ({x_email}). Parking passes go through {y}, who sits on the third floor.\n\n"
        "Cheers,\n{s}",
    ),
    MailTemplate(
        subject="Reference check",
        body="Dear {r},\n\nThank you for agreeing to be a reference for {x}. {x_first} listed "
        "{x_street}, {x_city} as a mailing address and {x_phone} as a phone number; could you "
        "confirm you worked together between 2019 and 2022?\n\nKind regards,\n{s}\nPeople Team",
    ),
)

PACK = LanguagePack(
    lang="en",
    departments=("Finance", "Engineering", "Sales", "Support", "Legal", "Marketing", "People"),
    notes=NOTES,
    tickets=TICKETS,
    mails=MAILS,
    docs=DOCS_EN,
    salary_range=(52_000, 168_000),
)
