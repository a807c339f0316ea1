## The app shell: header, language switch, connectivity, home, footer.

app-title = guichet · Employment agency
agency-name = Employment agency
agency-tagline = Find work, register, get help
skip-to-content = Skip to content
nav-home = Home
nav-main-label = Main
language-switch-label = Language
# Shown on the button that switches to this language, in this language.

connectivity-checking = Checking connection…
connectivity-online = Online
connectivity-offline = Offline
connectivity-offline-since = Offline · last contact { $minutes ->
        [0] less than a minute ago
        [one] { $minutes } minute ago
       *[other] { $minutes } minutes ago
    }

home-title = Welcome
home-intro = What would you like to do?
home-offers = Job offers
home-offers-hint = Browse current offers in your region
home-register = Register
home-register-hint = Register as a job seeker before you see a counsellor

not-found-title = Page not found
not-found-body = This page does not exist.
back-home = Back to the home page
elsewhere-offline-title = This screen is not on this device yet
elsewhere-offline-body = It will open as soon as the connection returns. What you entered stays kept on this device.

footer-help = Need help? Ask at the desk.
footer-version = Version { $build }
footer-version-dev = Development version

# A date in words ("14 December 2026"): $day and $year in digits, $month from 1 to 12.
date-long = { $day } { $month ->
         [1] January
         [2] February
         [3] March
         [4] April
         [5] May
         [6] June
         [7] July
         [8] August
         [9] September
         [10] October
         [11] November
        *[12] December
    } { $year }
