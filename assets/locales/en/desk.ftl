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
