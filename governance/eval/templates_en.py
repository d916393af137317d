"""English evaluation templates: support mail, HR notes, chats, forms, incident logs."""

TEMPLATES_EN = (
    "Hi team, {name} ({email}) called about order {order}. Please ring back on {phone} "
    "before {date}.",
    "Dear {name},\n\nYour refund of {amount} to card {card} has been "
    "processed.\n\nRegards,\n{name2}\nCustomer Care",
    "Employee record: {name}, SSN {ssn}, {age}. Salary paid to IBAN {iban}.",
    "{first} moved to {street}, {city}, OH {zip} last month and asked us to update the invoices.",
    "Dr. {last} will see the patient at 10:30; contact {first} on {phone} if delayed.",
    "Login from IP {ip} for account {email}. If this was not {first}, lock the account "
    "(ticket {ticket}).",
    "Meeting notes {date}: {name} presented the Q3 budget; {name2} will follow up. "
    "{first2}'s draft is due Friday.",
    "Please send the contract to {name} at {street}, {city} {zip}. Phone: {phone}.",
    "[09:41] {first}: can you reset my password?\n[09:42] agent: sure, is your email still "
    "{email}?\n[09:43] {first}: yes",
    "Invoice {order} for {amount} was charged to {card}. Cardholder: {name}.",
    "Shipping label\nName: {name}\nAddress: {street}\nCity: {city}\nZIP code: {zip}\nTel: {phone}",
    "Ms. {last} asked whether {name2} could cover her shift; {first2} agreed by mail ({email2}).",
    "Background check for {name}: SSN {ssn}, date of birth withheld, {age}. Reference: {name2}.",
    "Firewall alert: repeated failures from {ip} against server build v{ver}. Owner: {name}.",
    "Wire transfer of {amount} from {iban} approved by {name}. Contact {email} with questions.",
    "Hello {first},\n\nThanks for the update on release {ver}. I'll ask {name2} to review "
    "it.\n\nBest,\n{name}",
    "Candidate {name}, {age}, lives at {street} in {city}. Email {email}, mobile {phone}.",
    "Support ticket {ticket}: {name} reports that order {order} never arrived at {street}.",
    "Mr. {last} called from {phone}; he will send his IBAN ({iban}) by post.",
    "The quarterly report is due on {date}. Total spend was {amount} across 14 vendors.",
    "Mentor assignments: {name} -> {name2}. Questions to {email2}.",
    "Visitor log {date}: {name} (badge {ticket}) escorted by {first2}. Parking at {street}.",
)
