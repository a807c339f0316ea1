## The counsellors' desk (server-rendered pages): login, activation, logout, landing page.

desk-app-title = guichet · Staff desk
desk-skip-to-content = Skip to content
desk-language-switch-label = Language
# Each language is named in itself: the same three lines in every file.
desk-language-ar = العربية
desk-language-fr = Français
desk-language-en = English

desk-login-title = Sign in
desk-login-intro = For the employment agency's staff.
desk-login-login-label = Login
desk-login-password-label = Password
desk-login-submit = Sign in
desk-login-failed = Incorrect login or password. After several failed attempts, wait a moment before trying again; after 10, the account is locked for 15 minutes.
desk-throttled = Too many attempts from this network. Try again in { $seconds } seconds.
desk-form-expired = This form had expired. It has been renewed: please try again.

desk-activate-title = Choose your password
desk-activate-intro = Hello { $name }. Choose the password you will sign in with as { $login }.
desk-activate-password-label = New password
desk-activate-password-hint = At least 12 characters. Several unrelated words make a good password; avoid names, dates, keyboard rows and common passwords.
desk-activate-confirm-label = The same password again
desk-activate-submit = Save my password
desk-activate-mismatch = The two passwords differ.
desk-activate-invalid-title = This link does not work
desk-activate-invalid-body = This activation link is unknown, already used or expired (a link works for 24 hours, once). Ask your manager for a new one.
desk-activate-done-title = Password saved
desk-activate-done-body = Your account is active. You can now sign in.
desk-go-to-login = Go to the sign-in page

desk-password-too-short = This password is too short: use at least 12 characters.
desk-password-too-long = This password is too long: use at most 256 characters.
desk-password-common = This password is among the most used ones: choose another.
desk-password-pattern = This password follows a pattern (keyboard row, repeat or sequence) that is easy to guess.
desk-password-personal = This password is a name, a word, a date or a year on its own, or your own login or name: it is easy to guess.
desk-password-guessable = This password is easy to guess: add a few unrelated words.

desk-logout-submit = Sign out
desk-logged-out-title = Signed out
desk-logged-out-body = You are signed out. On a shared computer, close the browser window.

desk-home-title = Desk
desk-home-welcome = Hello { $name }
desk-home-role = Role
desk-home-agency = Agency
desk-role-counsellor = Counsellor
desk-role-manager = Manager
desk-role-admin = Administrator

desk-forbidden-title = Request refused
desk-forbidden-body = This form has expired or was sent from another site. Go back, reload the page and try again.
desk-unavailable-title = Service unavailable
desk-unavailable-body = The service cannot answer right now. Try again in a moment.

## The counsellors' desk (issue 9): arrivals, find, dossier, actions, attestation, export, audit log.

desk-nav-label = Desk
desk-nav-arrivals = Arrivals
desk-nav-find = Find
desk-nav-export = Export
desk-nav-audit = Audit log
desk-nav-home = Home
desk-back = Back

desk-status-pending = Waiting
desk-status-confirmed = Registered
desk-status-rejected = Rejected
desk-status-duplicate = Duplicate

desk-column-name = Name
desk-column-reference = Reference
desk-column-received = Arrived
desk-column-source = Kiosk
desk-column-status = Status
desk-source-phone = Phone

desk-arrivals-title = Arrivals
desk-filters-label = Period
desk-filter-today = Today
desk-filter-week = 7 days
desk-filter-all = All waiting
desk-arrivals-refresh = The list updates by itself every few seconds.
desk-arrivals-caption = Pre-registrations waiting, oldest first
desk-arrivals-count = { $count ->
    [0] No pre-registration waiting
    [one] One pre-registration waiting
   *[other] { $count } pre-registrations waiting
}
desk-arrivals-none = Nobody is waiting for this period.

desk-find-title = Find a person
desk-find-label = QR code, reference, NIN, phone or name
desk-find-hint = Scan the receipt's QR code with the reader (its text starts with GUICHET:), or type the 8-character reference, the NIN, the mobile number or a name in Latin or Arabic letters.
desk-find-submit = Find
desk-find-none = No dossier matches in your agency.
desk-find-caption = Dossiers found
desk-scan-start = Scan the QR code with the camera
desk-scan-stop = Stop the camera
desk-scan-video = The camera's picture
desk-scan-looking = Hold the receipt's QR code in front of the camera.
desk-scan-found = QR code read: searching.
desk-scan-stopped = Camera stopped.
desk-scan-denied = The camera could not be used. Type or scan the text instead.

desk-dossier-title = Dossier
desk-registration-number = Registration number
desk-registration-date = Registration date
desk-registration-counsellor = Counsellor
desk-duplicate-of = Duplicate of
desk-attestation-link = Print the registration certificate
desk-flags-title = To check
desk-flag-same-nin = Same NIN in other dossiers
desk-flag-same-nin-elsewhere = { $count ->
    [one] The same NIN is also in a dossier of another agency.
   *[other] The same NIN is also in { $count } dossiers of other agencies.
}
desk-flag-same-phone = Same phone in other dossiers
desk-fields-title = Details
desk-fields-corrected = Fields were corrected at the desk; what was sent is kept.
desk-history-title = History
desk-history-none = No action yet.
desk-action-confirm = Registration confirmed
desk-action-correct = Correction
desk-action-reject = Rejection
desk-action-duplicate = Marked as a duplicate

desk-actions-title = Actions
desk-confirm-hint = Confirm after checking the identity document: the pre-registration becomes a registration with an agency number.
desk-confirm-submit = Confirm the registration
desk-correct-field-label = Field to correct
desk-correct-value-label = New value
desk-correct-submit = Correct
desk-reject-reason-label = Reason for rejection
desk-reject-submit = Reject
desk-duplicate-label = Duplicate of (dossier id)
desk-duplicate-hint = The id of the dossier to keep, as in its address or its QR code.
desk-duplicate-submit = Mark as a duplicate

desk-not-found-title = Not found
desk-not-found-body = This dossier does not exist or is not your agency's.
desk-changed-title = Changed meanwhile
desk-changed-body = Someone acted on this dossier since you opened it. Nothing was changed: open the dossier again, check, then try again.
desk-not-pending-title = Already dealt with
desk-not-pending-body = This dossier is no longer waiting: it was already confirmed, rejected or marked as a duplicate.
desk-no-agency-title = No agency
desk-no-agency-body = No agency serves this pre-registration's commune: it cannot be confirmed yet.
desk-incomplete-title = To complete
desk-incomplete-body = The request is incomplete or incorrect. Nothing was changed.

desk-export-title = Export registrations
desk-export-intro = A CSV file (UTF-8) of the registrations confirmed over the period, for the agency's central system.
desk-export-from = From
desk-export-to = To
desk-export-submit = Download the CSV file
desk-export-invalid = Give two valid dates, the first no later than the second.

desk-audit-title = Audit log
desk-audit-intro = Every opening of a dossier, search that found someone, action and export, newest first.
desk-audit-caption = Latest entries
desk-audit-when = When
desk-audit-who = Who
desk-audit-what = What
desk-audit-record = Dossier
desk-audit-address = Address
desk-audit-action-open-dossier = Dossier opened
desk-audit-action-search = Search
desk-audit-action-confirm = Confirmation
desk-audit-action-correct = Correction
desk-audit-action-reject = Rejection
desk-audit-action-duplicate = Duplicate
desk-audit-action-export = Export
desk-audit-action-print-attestation = Certificate printed
desk-audit-action-create-enrolment-code = Enrolment code created
desk-audit-action-revoke-device = Kiosk revoked
desk-audit-action-add-staff = Staff added
desk-audit-action-disable-staff = Staff disabled

desk-attestation-title = Registration certificate
desk-attestation-print-hint = Print this page with the browser's print command (Ctrl+P): it fits on one A4 page.
desk-attestation-heading = Registration certificate
desk-attestation-intro = The national employment agency certifies that the person below is registered as a job seeker.
desk-attestation-name = Full name
desk-attestation-birth-date = Date of birth
desk-attestation-nin = National identification number
desk-attestation-agency = Agency

desk-nav-kiosks = Kiosks
desk-nav-staff = Staff
desk-kiosks-title = The agency's kiosks
desk-kiosks-code-hint = A code works once, for 15 minutes: type it on the kiosk's setup screen.
desk-kiosks-code-submit = Create an enrolment code
desk-kiosks-code-title = Enrolment code
desk-kiosks-code-expires = Valid until
desk-kiosks-caption = Enrolled kiosks
desk-kiosks-name = Name
desk-kiosks-enrolled = Enrolled
desk-kiosks-last-contact = Last contact
desk-kiosks-revoked = Revoked
desk-kiosks-revoke = Revoke
desk-staff-title = The agency's staff
desk-staff-caption = Accounts
desk-staff-name = Full name
desk-staff-login = Login
desk-staff-disabled = Disabled
desk-staff-not-activated = Not activated yet.
desk-staff-disable = Disable
desk-staff-add-title = Add a member of staff
desk-staff-add-submit = Add
desk-staff-link-title = Activation link
desk-staff-link-hint = Give this link to the person only: it works once, for 24 hours, and will not be shown again.

desk-occupation-years = { $years ->
    [one] 1 year of experience
   *[other] { $years } years of experience
}
desk-audit-pages = Pages of the log
desk-audit-newest = Newest entries
desk-audit-older = Older entries
desk-agency-label = Agency
desk-agency-all = All agencies
desk-agency-show = Show
