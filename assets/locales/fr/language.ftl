## Compiled into the app, in all three languages: each language's name for the switch, and what
## to say when the chosen language's messages cannot be loaded (they are a file of the build).

language-name = Français
app-messages-unavailable = Les textes de l'application n'ont pas pu être chargés. Vérifiez la connexion, puis rechargez la page.
