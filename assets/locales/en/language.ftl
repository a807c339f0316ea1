## Compiled into the app, in all three languages: each language's name for the switch, and what
## to say when the chosen language's messages cannot be loaded (they are a file of the build).

language-name = English
app-messages-unavailable = The app's texts could not be loaded. Check the connection, then reload the page.
