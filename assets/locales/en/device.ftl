## The device setup screen (`/setup`): enrolment in an agency, and what the device is now.

setup-title = Device setup
setup-intro = For agency staff only.
setup-status-personal = This device is personal. Enrol it with a code from your agency to make it a kiosk.
setup-status-not-enrolled = This device behaves as a kiosk but is not enrolled in an agency: enrol it with a code from your agency.
setup-status-enrolled = This device is the kiosk “{ $device }” of { $agency }.
setup-status-delays = Set by the agency: the warning appears after { $idle } seconds without input, then counts down { $countdown } seconds.
setup-refused = The agency no longer accepts this kiosk. Enrol it again with a new code: the registrations waiting on it are kept and will be sent then.
setup-enrol-title = Enrol this device
setup-enrol-again-title = Enrol this device again
setup-code-label = Enrolment code
setup-code-hint = 8 letters and digits, given by a manager of your agency; valid 15 minutes, once.
setup-code-invalid = An enrolment code has 8 letters and digits, for example 7K3M-9QXD
setup-name-label = Device name
setup-name-hint = How staff will see it in the agency's list of kiosks, for example “Reception 1”.
setup-name-invalid = Give the device a name of at most 80 characters
setup-enrol = Enrol
setup-enrol-again = Enrol again
setup-enrolling = Enrolling…
setup-enrolled = This device is now a kiosk of { $agency }.
setup-error-code-refused = The agency refused this code: it is wrong, already used or expired. Ask for a new one.
setup-error-throttled = Too many attempts. Wait a few minutes, then try again.
setup-error-network = The agency cannot be reached. Check the connection, then try again.
setup-error-server = The agency could not enrol this device right now. Try again in a moment.
setup-draft-days-label = How long drafts are kept on this device (days)
setup-save = Save
setup-saved = Setup saved
setup-value-invalid = This value is not valid

# In the header, on every screen, when the agency refused the kiosk's credential.
kiosk-enrol-again = Kiosk to enrol again

## The welcome screen of a kiosk with no credential (started at /kiosk, or its enrolment lost).
kiosk-not-enrolled = This kiosk is not enrolled in an agency: what visitors submit cannot be delivered.
kiosk-enrol-link = Staff: enrol this kiosk

# The kiosk's idle window and the visitor's wipe: on every screen.
kiosk-idle-title = Are you still there?
kiosk-idle-body = To protect your data, everything you typed will be erased in { $seconds ->
        [one] { $seconds } second.
       *[other] { $seconds } seconds.
    }
kiosk-still-here = I'm still here
kiosk-finish = Finish and erase everything
kiosk-finish-hint = Erase my answers from this kiosk
setup-loading = Loading…
