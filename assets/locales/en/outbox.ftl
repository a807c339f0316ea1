## The outbox: registrations on their way to the agency, and the receipt.

outbox-title = Registrations sent from this device
outbox-empty = No registration is waiting on this device.
outbox-unavailable = The list cannot be read right now. The registrations sent stay on this device.
outbox-header-pending = { $count ->
        [one] 1 registration waiting to be sent
       *[other] { $count } registrations waiting to be sent
    }
outbox-header-last-confirmed = Last one reached the agency { $minutes ->
        [0] less than a minute ago
        [one] 1 minute ago
       *[other] { $minutes } minutes ago
    }
outbox-paused = Sending is paused: the agency no longer accepts this kiosk. Staff must enrol it again; the registrations are kept.
outbox-column-reference = Reference
outbox-column-state = State
outbox-column-next-attempt = Next attempt
outbox-column-last-error = Last problem
outbox-state-queued = Waiting to be sent
outbox-state-sending = Sending…
outbox-state-confirmed = Reached the agency
outbox-state-rejected = Refused: please ask at the desk
outbox-next-attempt-now = As soon as possible
outbox-next-attempt-in = In { $seconds } s
outbox-error-network = No connection to the agency
outbox-error-status = The agency answered with an error ({ $status })
outbox-error-not-authorized = The agency refused this kiosk: it must be enrolled again
outbox-rejection-invalid = Some answers were refused: { $fields }
outbox-rejection-conflict = The agency already holds a different version of this registration
outbox-rejection-status = The agency refused it ({ $status })
outbox-export = Save as a file for the desk
outbox-retry = Try again
outbox-state-unreadable = Cannot be read
outbox-unreadable-problem = This device can no longer read this registration; the others are still being sent.

outbox-send = Send my registration
outbox-send-failed = Your registration could not be saved on this device. Please try again, or ask at the desk.

receipt-title = Your registration
receipt-reference-label = Your reference
receipt-instructions = Show this reference to the counsellor at the desk.
receipt-qr-label = QR code of your registration, for the desk
receipt-state-waiting = Saved on this device. It will reach the agency as soon as there is a connection.
receipt-state-confirmed = It has reached the agency.
receipt-state-rejected = The agency could not accept it. Please ask at the desk.
receipt-not-found = This receipt is not on this device.
receipt-unavailable = This receipt cannot be read right now. The registration sent stays on this device.
receipt-see-outbox = See everything waiting on this device
